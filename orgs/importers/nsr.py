"""NSR, Udir's national school register (Nasjonalt skoleregister), API v4 JSON.

Reads a JSON array of units (`/v4/enhet/<orgnr>` objects, as a downloaded list) or a page of
`/v4/enheter` (the array under `Enheter`). Each unit carries its county (`Fylke`) and
municipality (`Kommune`), which are upserted too, so NSR is the source of both.

Upper-secondary schools (ErVideregaaendeSkole) become upper_secondary, primary and
lower-secondary schools (ErGrunnskole) lower_secondary; units that are neither (school
owners, other units) are not schools and are rejected with that reason. NSR is the
authority on a school's kind and name; ErAktiv false makes it inactive.
"""

from orgs.importers.base import (
    BATCH_SIZE,
    RegisterImport,
    Rejected,
    RejectsReport,
    Summary,
    first_json_char,
    in_batches,
    json_items,
    opened,
    upsert,
)
from orgs.importers.enhetsregisteret import website_of
from orgs.models import County, Municipality, Organisation
from orgs.validators import is_valid_orgnr

Kind = Organisation.Kind


def text(value) -> str:
    return " ".join(str(value or "").split())


class NsrImport(RegisterImport):
    register = "nsr"

    def __init__(self, path, report: RejectsReport, *, progress=False, batch_size=BATCH_SIZE):
        super().__init__(path, report, progress=progress, batch_size=batch_size)
        self.counties = {c.number: c for c in County.objects.all()}
        self.municipalities = {m.number: m for m in Municipality.objects.all()}

    def run(self) -> Summary:
        prefix = "item" if first_json_char(self.path) == "[" else "Enheter.item"
        with opened(self.path, progress=self.progress, desc="NSR") as stream:
            in_batches(json_items(stream, prefix), self.import_batch, self.batch_size)
        return self.summary

    def municipality(self, record: dict) -> Municipality:
        """The unit's municipality, created or renamed from the row's Fylke and Kommune."""
        fylke, kommune = record.get("Fylke") or {}, record.get("Kommune") or {}
        number = text(kommune.get("Kommunenummer"))
        county_number = text(fylke.get("Fylkesnummer")) or number[:2]
        if not (len(number) == 4 and number.isdigit()):
            raise Rejected("missing_municipality", number)
        if not (len(county_number) == 2 and county_number.isdigit()):
            raise Rejected("unknown_county", county_number)
        county = self.counties.get(county_number)
        county_name = text(fylke.get("Navn"))
        if county is None:
            if not county_name:
                raise Rejected("unknown_county", county_number)
            county = County.objects.create(number=county_number, name=county_name)
            self.counties[county_number] = county
            self.summary.notes["counties created"] += 1
        elif county_name and county.name != county_name:
            county.name = county_name
            county.save(update_fields=["name"])
            self.summary.notes["counties renamed"] += 1
        municipality = self.municipalities.get(number)
        name = text(kommune.get("Navn"))
        if municipality is None:
            if not name:
                raise Rejected("unknown_municipality", number)
            municipality = Municipality.objects.create(number=number, name=name, county=county)
            self.municipalities[number] = municipality
            self.summary.notes["municipalities created"] += 1
        elif (name and municipality.name != name) or municipality.county_id != county.pk:
            municipality.name, municipality.county = name or municipality.name, county
            municipality.save(update_fields=["name", "county"])
            self.summary.notes["municipalities updated"] += 1
        return municipality

    def read(self, record: dict) -> tuple[str, dict]:
        orgnr = text(record.get("Organisasjonsnummer"))
        if not is_valid_orgnr(orgnr):
            raise Rejected("invalid_orgnr", f"{orgnr!r} fails the MOD11 check")
        name = text(record.get("Navn"))
        if not name:
            raise Rejected("missing_name")
        if record.get("ErVideregaaendeSkole"):
            kind = Kind.UPPER_SECONDARY
        elif record.get("ErGrunnskole"):
            kind = Kind.LOWER_SECONDARY
        else:
            raise Rejected("not_a_school", name)
        municipality = self.municipality(record)
        address = record.get("Beliggenhetsadresse") or record.get("Postadresse") or {}
        town = " ".join(
            p for p in (text(address.get("Postnummer")), text(address.get("Poststed"))) if p
        )
        postal_address = ", ".join(p for p in (text(address.get("Adresse")), town) if p)
        return orgnr, {
            "name": name[:300],
            "kind": kind,
            "municipality_id": municipality.pk,
            "postal_address": postal_address[:300],
            "website": website_of(record.get("Internettadresse")),
            "active": bool(record.get("ErAktiv", True)),
            **Organisation.search_columns(name[:300], orgnr, municipality.name),
        }

    def import_batch(self, records: tuple[dict, ...]) -> None:
        rows = {}
        for record in records:
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
                load=("deleted_on", "bankrupt", "being_wound_up"),
            )


def keep_register_status(organisation: Organisation, values: dict) -> dict:
    """An active school in NSR stays inactive when Enhetsregisteret has it deleted, bankrupt
    or wound up; an address NSR leaves out keeps the one Enhetsregisteret gave."""
    values = dict(values)
    if organisation.deleted_on or organisation.bankrupt or organisation.being_wound_up:
        values["active"] = False
    if not values["postal_address"]:
        del values["postal_address"]
    if not values["website"]:
        del values["website"]
    return values
