"""Which of Enhetsregisteret's files a path holds, told by its content, not its name.

- a bulk download (data.brreg.no/enhetsregisteret/api/enheter/lastned, …/underenheter/lastned
  and their /csv forms): a JSON array of units, or CSV with the JSON's paths as column names
  (`forretningsadresse.kommunenummer`); gzipped or not. It is the full list of its unit type.
- a page of the API's search (/api/enheter?…, /api/underenheter?…): the units under
  `_embedded.enheter` or `_embedded.underenheter`; a page past the last one (no `_embedded`,
  `page.number` ≥ `page.totalPages`, as when `totalElements` is 0) is an empty page.
- one unit's response (/api/enheter/<orgnr>, /api/underenheter/<orgnr>): an object with
  `organisasjonsnummer` at the top; a deleted unit's (HTTP 410) is one too, with `slettedato`.

Anything else (a zip, XML, the updates feed, another register's JSON) is UnrecognisedFile.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import ijson

from orgs.importers.base import (
    UnrecognisedFile,
    csv_columns,
    csv_records,
    first_line,
    json_items,
    open_input,
    read_head,
)

ACCEPTED = (
    "it reads Enhetsregisteret's bulk downloads of enheter or underenheter (a JSON array of "
    "units, or the CSV form with a column organisasjonsnummer), gzipped or not; a page of its "
    "API (_embedded.enheter or _embedded.underenheter); one unit's API response, or a deleted "
    "unit's (an object with organisasjonsnummer, and slettedato)"
)
PAGE_LISTS = ("enheter", "underenheter")


@dataclass(frozen=True)
class Shape:
    description: str
    bulk: bool  # a bulk download: the full list of its unit type
    records: Callable[[object], Iterator[dict]]  # the records, from the opened stream


def shape_of(path) -> Shape:
    """The shape of the file at `path`; raises UnrecognisedFile naming the accepted ones."""
    try:
        head = read_head(path)
    except UnrecognisedFile as error:
        raise unrecognised(str(error)) from None
    first = head.lstrip()[:1]
    if first == b"[":
        return array_shape(path)
    if first == b"{":
        return object_shape(path)
    if "organisasjonsnummer" in csv_columns(head):
        return Shape("bulk download (CSV)", True, csv_records)
    raise unrecognised("an empty file" if not first else "neither JSON nor CSV with the columns")


def unrecognised(what: str) -> UnrecognisedFile:
    return UnrecognisedFile(f"not an Enhetsregisteret file: {what}; {ACCEPTED}")


def array_shape(path) -> Shape:
    """A bulk download, when the array's first item is a unit (or the array is empty)."""
    try:
        with open_input(path) as stream:
            first = next(json_items(stream), None)
    except ijson.JSONError as error:
        raise unrecognised(f"malformed JSON ({first_line(error)})") from None
    if first is not None and not (isinstance(first, dict) and "organisasjonsnummer" in first):
        raise unrecognised("a JSON array whose items are not units (no organisasjonsnummer)")
    return Shape("bulk download (JSON)", True, json_items)


def object_shape(path) -> Shape:
    """An API page, an empty page or one unit's response, from the object's keys: read as
    events until they decide (the first keys, in the API's own order)."""
    keys, page = [], {}
    try:
        with open_input(path) as stream:
            for prefix, event, value in ijson.parse(stream):
                if event != "map_key" and prefix.startswith("page."):
                    page[prefix.removeprefix("page.")] = value
                if event != "map_key":
                    continue
                if prefix == "" and value == "organisasjonsnummer":
                    return Shape("one unit's response", False, single_record)
                if prefix == "_embedded" and value in PAGE_LISTS:
                    return page_shape(value)
                if prefix in ("", "_embedded"):
                    keys.append(f"{prefix}.{value}".lstrip("."))
    except ijson.JSONError as error:
        raise unrecognised(f"malformed JSON ({first_line(error)})") from None
    past_the_last = page.get("number", 0) >= page.get("totalPages", 0)
    if "page" in keys and "_embedded" not in keys and past_the_last:
        return Shape("an empty API page", False, lambda stream: iter(()))
    raise unrecognised(f"a JSON object with {', '.join(keys[:8]) or 'no keys'}")


def page_shape(name: str) -> Shape:
    return Shape(
        f"API page (_embedded.{name})",
        False,
        lambda stream: json_items(stream, f"_embedded.{name}.item"),
    )


def single_record(stream) -> Iterator[dict]:
    yield from json_items(stream, "")
