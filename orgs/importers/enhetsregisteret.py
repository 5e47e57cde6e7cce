"""Enhetsregisteret (the Central Coordinating Register for Legal Entities), from Brønnøysund.

Reads its bulk downloads, API pages and single responses (enhetsregisteret_shapes.py says
which, by content). A unit's municipality is that of its beliggenhetsadresse (a sub-unit's
location), else its forretningsadresse, else its postadresse; a unit with none (a foreign
unit, a unit with no address) has no municipality. The postal address shown is the
postadresse, else the business address.

A unit's life (Organisation.END_FIELDS) follows the record, dates included, and a flag the
record no longer carries is cleared: slettedato (deleted), nedleggelsesdato (a sub-unit
closed), konkurs and konkursdato (bankrupt), underAvvikling, underAvviklingDato and the forced
dissolutions (being wound up). A deleted unit's record (organisasjonsnummer and slettedato,
no address) only marks a unit already here as deleted. The end of the run links sub-units
to main units that came after them, marks what a full download no longer holds and follows
ended main units to their sub-units (enhetsregisteret_life.py).

Sub-units are told from main units by their form (BEDR, AAFY) or their sub-unit fields;
`overordnetEnhet` does not tell, since an organisasjonsledd (a main unit) has one too.
"""

import contextlib
import gzip
import re
import zlib

import ijson
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery

from orgs.importers.base import (
    BATCH_SIZE,
    RegisterImport,
    Rejected,
    RejectsReport,
    Summary,
    UnrecognisedFile,
    first_line,
    in_batches,
    opened,
    parse_date,
    upsert,
)
from orgs.importers.enhetsregisteret_life import SeenNumbers, follow_main_units, mark_missing
from orgs.importers.enhetsregisteret_shapes import shape_of
from orgs.kinds import KEPT_KINDS, kind_of_unit
from orgs.models import Organisation
from orgs.regions import municipality_numbers
from orgs.validators import is_valid_orgnr

# Where the municipality is read, in this order; the postal address shown is POSTAL_ORDER's.
MUNICIPALITY_ORDER = ("beliggenhetsadresse", "forretningsadresse", "postadresse")
POSTAL_ORDER = ("postadresse", "forretningsadresse", "beliggenhetsadresse")
SUB_UNIT_FORMS = {"BEDR", "AAFY"}
SUB_UNIT_FIELDS = ("beliggenhetsadresse", "oppstartsdato", "nedleggelsesdato")
# (flags, dates) of each life the register records; the earliest date is "since".
BANKRUPT = (("konkurs", "underKonkursbehandling"), ("konkursdato",))
BEING_WOUND_UP = (
    ("underAvvikling", "underTvangsavviklingEllerTvangsopplosning"),
    (
        "underAvviklingDato",
        "tvangsavvikletPgaManglendeSlettingDato",
        "tvangsopplostPgaManglendeDagligLederDato",
        "tvangsopplostPgaManglendeRevisorDato",
        "tvangsopplostPgaManglendeRegnskapDato",
        "tvangsopplostPgaMangelfulltStyreDato",
    ),
)
# The CSV download joins an address's lines with a literal "/n" or "\n".
LINE_BREAK = re.compile(r"\s*(?:/n|\\n|\r?\n)\s*")


def website_of(value) -> str:
    value = str(value or "").strip()
    if not value or " " in value:
        return ""
    if "://" not in value:
        value = f"https://{value}"
    return value if len(value) <= 200 else ""


def address_in(record: dict, key: str) -> dict:
    value = record.get(key)
    return value if isinstance(value, dict) else {}


def address_of(address: dict) -> str:
    """One line: the address lines, post code and town, and the country when not Norway."""
    lines = address.get("adresse") or []
    lines = [
        part
        for line in ([lines] if isinstance(lines, str) else lines)
        for part in LINE_BREAK.split(str(line or ""))
    ]
    town = " ".join(str(p) for p in (address.get("postnummer"), address.get("poststed")) if p)
    abroad = address.get("landkode") not in (None, "", "NO") and address.get("land")
    parts = [*lines, town, abroad or ""]
    return ", ".join(part.strip() for part in parts if part and part.strip())[:300]


def code_of(value) -> str:
    return str((value or {}).get("kode") or "") if isinstance(value, dict) else ""


def employees_of(value) -> int | None:
    try:
        employees = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return employees if employees is None or employees >= 0 else None


def life_of(record: dict, flags: tuple, dates: tuple) -> tuple[bool, object]:
    """(whether, since when) by the record's flags, or by its dates when it has no flag."""
    since = min(filter(None, (parse_date(record.get(name)) for name in dates)), default=None)
    if any(name in record for name in flags):
        on = any(bool(record.get(name)) for name in flags)
    else:
        on = since is not None
    return on, since if on else None


def register_unit_of(record: dict) -> str:
    form = code_of(record.get("organisasjonsform"))
    if form in SUB_UNIT_FORMS or any(record.get(name) for name in SUB_UNIT_FIELDS):
        return Organisation.RegisterUnit.SUB_UNIT
    return Organisation.RegisterUnit.MAIN_UNIT


class EnhetsregisteretImport(RegisterImport):
    """`full` (default): a bulk download is the full list of its unit type, and the units of
    that type it does not hold are marked missing; False for an extract. API pages and single
    responses are never full. `allow_mass_deactivation` lifts the limit of
    enhetsregisteret_life.MASS_DEACTIVATION_SHARE."""

    register = "enhetsregisteret"

    def __init__(
        self,
        path,
        report: RejectsReport,
        *,
        progress=False,
        batch_size=BATCH_SIZE,
        full=True,
        allow_mass_deactivation=False,
    ):
        super().__init__(path, report, progress=progress, batch_size=batch_size)
        self.full, self.allow_mass_deactivation = full, allow_mass_deactivation
        # number (today's and former ones) -> (pk, name) of today's municipality.
        self.municipalities = municipality_numbers()
        self.register_units = set()  # the unit types the file brought
        self.seen = None  # a full download's numbers (SeenNumbers)

    def run(self) -> Summary:
        shape = shape_of(self.path)
        full = self.full and shape.bulk
        with SeenNumbers() if full else contextlib.nullcontext() as self.seen:
            with opened(self.path, progress=self.progress, desc="Enhetsregisteret") as stream:
                try:
                    in_batches(shape.records(stream), self.import_batch, self.batch_size)
                except (ijson.JSONError, EOFError, gzip.BadGzipFile, zlib.error) as error:
                    raise UnrecognisedFile(
                        f"the file breaks off or is malformed ({first_line(error)}); the rows "
                        "before it were imported, and no unit was marked missing"
                    ) from None
            self.link_pending()
            try:
                if full:
                    mark_missing(
                        self.seen,
                        self.register_units,
                        self.summary,
                        allow_mass_deactivation=self.allow_mass_deactivation,
                    )
            finally:
                follow_main_units(self.summary)
        return self.summary

    # One row

    def read(self, orgnr: str, record: dict):
        """The field values of a unit's record, or the date of a deleted unit's record: one
        with slettedato and no address, or that could not be read as a unit. Raises
        Rejected."""
        deleted_on = parse_date(record.get("slettedato"))
        if deleted_on and not any(address_in(record, key) for key in MUNICIPALITY_ORDER):
            return deleted_on
        try:
            return self.values(orgnr, record)
        except Rejected:
            if deleted_on:
                return deleted_on
            raise

    def values(self, orgnr: str, record: dict) -> dict:
        name = " ".join(str(record.get("navn") or "").split())[:300]
        if not name:
            raise Rejected("missing_name")
        municipality_id, place = self.municipality_of(record)
        postal = next((a for key in POSTAL_ORDER if (a := address_in(record, key))), {})
        nace = code_of(record.get("naeringskode1"))
        bankrupt, bankrupt_on = life_of(record, *BANKRUPT)
        being_wound_up, being_wound_up_on = life_of(record, *BEING_WOUND_UP)
        life = {
            "deleted_on": parse_date(record.get("slettedato")),
            "closed_on": parse_date(record.get("nedleggelsesdato")),
            "bankrupt": bankrupt,
            "bankrupt_on": bankrupt_on,
            "being_wound_up": being_wound_up,
            "being_wound_up_on": being_wound_up_on,
            "missing_from_register_on": None,  # here it is
        }
        parent = str(record.get("overordnetEnhet") or "").strip()
        return {
            "name": name,
            "kind": kind_of_unit(code_of(record.get("organisasjonsform")), nace),
            "municipality_id": municipality_id,
            "postal_address": address_of(postal),
            "website": website_of(record.get("hjemmeside")),
            "industry_code": nace[:10],
            "employees": employees_of(record.get("antallAnsatte")),
            **life,
            "active": not Organisation.ended_by(life),
            "register_unit": register_unit_of(record),
            "main_unit_orgnr": parent if is_valid_orgnr(parent) and parent != orgnr else "",
            **Organisation.search_columns(name, orgnr, place),
        }

    def municipality_of(self, record: dict) -> tuple[int | None, str]:
        """(pk, name) of the first address's municipality; (None, "") without one."""
        for key in MUNICIPALITY_ORDER:
            number = str(address_in(record, key).get("kommunenummer") or "").strip()
            if number:
                if number not in self.municipalities:
                    raise Rejected("unknown_municipality", number)
                return self.municipalities[number]
        return None, ""

    # One batch

    def import_batch(self, records: tuple[dict, ...]) -> None:
        rows, deletions, numbers = {}, {}, []
        for record in records:
            orgnr = str(record.get("organisasjonsnummer") or "").strip()
            try:
                if not is_valid_orgnr(orgnr):
                    raise Rejected("invalid_orgnr", f"{orgnr!r} fails the MOD11 check")
                numbers.append(orgnr)
                values = self.read(orgnr, record)
            except Rejected as rejected:
                self.reject(orgnr, rejected)
                continue
            if not isinstance(values, dict):
                deletions[orgnr] = values
                continue
            self.register_units.add(values["register_unit"])
            if orgnr in rows:
                self.summary.notes["duplicate rows (the last one counts)"] += 1
            rows[orgnr] = values
        if self.seen is not None and numbers:
            self.seen.add(numbers)
        if deletions:
            self.import_deletions(deletions)
        if rows:
            self.link_main_units(rows)
            upsert(
                Organisation,
                "orgnr",
                rows,
                self.summary,
                merge=self.merge,
                load=("main_unit_ended",),
            )

    def link_main_units(self, rows: dict) -> None:
        """Sets parent_id on the sub-units whose main unit is here already; the others are
        linked at the end of this run, or of the run that brings the main unit."""
        wanted = {values["main_unit_orgnr"] for values in rows.values()} - {""}
        parent_ids = dict(Organisation.objects.filter(orgnr__in=wanted).values_list("orgnr", "pk"))
        for values in rows.values():
            if values["main_unit_orgnr"] in parent_ids:
                values["parent_id"] = parent_ids[values["main_unit_orgnr"]]

    def merge(self, organisation: Organisation, values: dict) -> dict:
        values = keep_decided_kind(organisation, values)
        if organisation.missing_from_register_on is not None:
            self.summary.notes["units back in the register after being missing"] += 1
        if organisation.main_unit_ended:  # until follow_main_units says otherwise
            values["active"] = not Organisation.ended_by({**values, "main_unit_ended": True})
        return values

    def import_deletions(self, deletions: dict) -> None:
        """A deleted unit's record marks a unit already here; one for a unit the registry
        never had is counted, not created."""
        known = set(
            Organisation.objects.filter(orgnr__in=deletions).values_list("orgnr", flat=True)
        )
        rows = {
            orgnr: {"deleted_on": day, "active": not Organisation.ended_by({"deleted_on": day})}
            for orgnr, day in deletions.items()
            if orgnr in known
        }
        if len(rows) < len(deletions):
            self.summary.notes["deleted units the registry never had (skipped)"] += len(
                deletions
            ) - len(rows)
        if rows:
            upsert(Organisation, "orgnr", rows, self.summary)

    def link_pending(self) -> None:
        """Links the sub-units whose main unit came after them (later in this file, or in an
        earlier run's file that was imported first); counts the ones still without one."""
        main_unit = Organisation.objects.filter(orgnr=OuterRef("main_unit_orgnr")).values("pk")
        orphans = Organisation.objects.exclude(main_unit_orgnr="").filter(parent__isnull=True)
        with transaction.atomic():
            linked = orphans.filter(Exists(main_unit)).update(parent_id=Subquery(main_unit[:1]))
        if linked:
            self.summary.notes["sub-units linked to a main unit imported after them"] += linked
        missing = orphans.count()
        if missing:
            self.summary.notes["sub-units whose main unit is not in the registry"] = missing


def keep_decided_kind(organisation: Organisation, values: dict) -> dict:
    """The register never overwrites a kind NSR or an administrator decided; for a school,
    NSR is also the authority on its name, address and website."""
    if organisation.kind not in KEPT_KINDS:
        return values
    values = {**values, "kind": organisation.kind}
    if organisation.kind in Organisation.SCHOOL_KINDS:
        for name in ("name", "postal_address", "website", "search_text", "search_name"):
            values.pop(name)
    return values
