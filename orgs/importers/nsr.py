"""NSR, Udir's national school register (Nasjonalt skoleregister), API v4 JSON.

Reads every shape NSR's API answers with (data-nsr.udir.no/v4):

- one unit, the object of `/v4/enhet/{orgnr}`;
- a JSON array of such units (units fetched one by one and saved together);
- a list page, the object of `/v4/enheter` (the whole country, paged: Sidenummer,
  AntallSider, TotaltAntallEnheter and the units under `EnhetListe`), of
  `/v4/enheter/kommune/{nr}` (one municipality, `EnhetListe` alone) and NSR's other lists;
- the older page with its units under `Enheter`.

A unit names its municipality by number, flat (`Kommunenummer`, in a list page's rows) or in
an object (`Kommune.Kommunenummer`, in a unit). NSR is not the source of municipalities: the
number, today's or a former one, is resolved by orgs.regions, and an unknown number is
rejected. Which units are schools and of which kind is the table in orgs/kinds.py (NSR_KINDS);
the rest (school owners, other units) are rejected as not schools. NSR is the authority on a
school's kind and name; ErAktiv false makes it inactive. A file in none of these shapes is
refused whole (UnrecognisedFile), never read as 0 rows.
"""

from orgs.importers.base import (
    BATCH_SIZE,
    RegisterImport,
    Rejected,
    RejectsReport,
    Summary,
    checked_first,
    in_batches,
    json_items,
    json_outline,
    opened,
    other_object,
    upsert,
)
from orgs.importers.enhetsregisteret import website_of
from orgs.kinds import kind_of_school
from orgs.models import Organisation
from orgs.regions import municipality_numbers
from orgs.validators import is_valid_orgnr

SHAPES = (
    "a unit of /v4/enhet/{orgnr} (an object with Organisasjonsnummer), a JSON array of units, "
    "a list page of /v4/enheter or /v4/enheter/kommune/{nr} (units under EnhetListe), or a "
    "page with Enheter"
)
# The top-level keys of the list pages, and where their units are.
LIST_KEYS = {"EnhetListe": "EnhetListe.item", "Enheter": "Enheter.item"}
# Every field of a unit's end in the registers (Organisation.END_FIELDS), for the merge.
END_COLUMNS = tuple(
    dict.fromkeys(f for name, _label, since in Organisation.END_FIELDS for f in (name, since) if f)
)


def text(value) -> str:
    return " ".join(str(value or "").split())


def file_shape(path) -> tuple[str, dict]:
    """(the ijson prefix of the file's units, the page's top-level numbers such as
    AntallSider). Raises UnrecognisedFile for a file in none of NSR's shapes."""
    top = json_outline(path, SHAPES, register="an NSR", arrays=True)
    if top is None:
        return "item", {}
    for key, prefix in LIST_KEYS.items():
        if key in top:
            page = {
                name: int(top[name])
                for name in ("Sidenummer", "AntallSider")
                if isinstance(top.get(name), int | float)
            }
            return prefix, page
    if "Organisasjonsnummer" in top:
        return "", {}
    raise other_object("an NSR", top, SHAPES)


def units(records):
    """The records, after checking that the first is an NSR unit: an array or a list of
    something else is refused rather than rejected row by row."""
    return checked_first(
        records,
        lambda first: isinstance(first, dict) and "Organisasjonsnummer" in first,
        f"its records are not NSR units (no Organisasjonsnummer); expected {SHAPES}",
    )


def municipality_number(record: dict) -> str:
    """The unit's municipality number: flat in a list page's row, in `Kommune` in a unit."""
    kommune = record.get("Kommune")
    number = text(record.get("Kommunenummer"))
    if not number and isinstance(kommune, dict):
        number = text(kommune.get("Kommunenummer"))
    return number.zfill(4) if number.isdigit() else number


def postal_address(record: dict) -> str:
    address = record.get("Beliggenhetsadresse") or record.get("Postadresse") or {}
    if not isinstance(address, dict):
        return ""
    town = " ".join(
        p for p in (text(address.get("Postnummer")), text(address.get("Poststed"))) if p
    )
    return ", ".join(p for p in (text(address.get("Adresse")), town) if p)[:300]


class NsrImport(RegisterImport):
    register = "nsr"

    def __init__(self, path, report: RejectsReport, *, progress=False, batch_size=BATCH_SIZE):
        super().__init__(path, report, progress=progress, batch_size=batch_size)
        self.municipalities = municipality_numbers()

    def run(self) -> Summary:
        prefix, page = file_shape(self.path)
        if page.get("AntallSider", 1) > 1:
            # One page of the paged whole-country list: the others must be imported too.
            note = f"pages in NSR's list, of which this file is page {page.get('Sidenummer', '?')}"
            self.summary.notes[note] = page["AntallSider"]
        with opened(self.path, progress=self.progress, desc="NSR") as stream:
            in_batches(units(json_items(stream, prefix)), self.import_batch, self.batch_size)
        return self.summary

    def read(self, record: dict) -> tuple[str, dict]:
        orgnr = text(record.get("Organisasjonsnummer"))
        if not is_valid_orgnr(orgnr):
            raise Rejected("invalid_orgnr", f"{orgnr!r} fails the MOD11 check")
        name = text(record.get("Navn"))[:300]
        if not name:
            raise Rejected("missing_name")
        kind = kind_of_school(record)
        if kind is None:
            raise Rejected("not_a_school", name)
        number = municipality_number(record)
        if not number:
            raise Rejected("missing_municipality", name)
        if number not in self.municipalities:
            raise Rejected("unknown_municipality", number)
        municipality_id, place = self.municipalities[number]
        return orgnr, {
            "name": name,
            "kind": kind,
            "municipality_id": municipality_id,
            "postal_address": postal_address(record),
            "website": website_of(record.get("Internettadresse")),
            "active": bool(record.get("ErAktiv", True)),
            **Organisation.search_columns(name, orgnr, place),
        }

    def import_batch(self, records: tuple[dict, ...]) -> None:
        rows = {}
        for record in records:
            if not isinstance(record, dict):
                self.reject(None, Rejected("not_a_unit", str(record)[:100]))
                continue
            try:
                orgnr, values = self.read(record)
            except Rejected as rejected:
                self.reject(record.get("Organisasjonsnummer"), rejected)
                continue
            rows[orgnr] = values
        if rows:
            upsert(
                Organisation,
                "orgnr",
                rows,
                self.summary,
                merge=keep_register_status,
                load=END_COLUMNS,
            )


def keep_register_status(organisation: Organisation, values: dict) -> dict:
    """A school active in NSR stays inactive when Enhetsregisteret has ended it (deleted,
    bankrupt, closed, …: Organisation.END_FIELDS); an address or website NSR leaves out (a
    list page has neither) keeps the one Enhetsregisteret gave."""
    values = dict(values)
    if organisation.is_ended:
        values["active"] = False
    for name in ("postal_address", "website"):
        if not values[name]:
            del values[name]
    return values
