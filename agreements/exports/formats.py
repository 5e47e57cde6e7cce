"""How the archive index and the open data write their rows: CSV cells and JSON arrays."""

from collections.abc import Iterable, Iterator


def party_text(party: dict) -> str:
    return f"{party['name']} ({party['orgnr']}, {party['role']})"


def csv_cell(value):
    """One value as a CSV cell: a list as "a; b" (a party as "name (orgnr, role)"), None as
    an empty cell, anything else as it is."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(party_text(item) if isinstance(item, dict) else item for item in value)
    return value


def json_array(items: Iterable[str]) -> Iterator[str]:
    """A JSON array, one item (already JSON) a line, written piece by piece."""
    yield "[\n"
    first = True
    for item in items:
        yield item if first else ",\n" + item
        first = False
    yield "\n]\n"
