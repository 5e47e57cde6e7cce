"""Enhetsregisteret (the Central Coordinating Register for Legal Entities), from Brønnøysund.

Reads the bulk downloads of main units (enheter) and sub-units (underenheter): a gzipped JSON
array, one object per unit, as served by data.brreg.no/enhetsregisteret/api/enheter/lastned
and .../underenheter/lastned; or the CSV form of the same downloads (dotted column names such
as `forretningsadresse.kommunenummer`).

A sub-unit's `overordnetEnhet` is its main unit. When the main unit is not in the database
yet (sub-units imported first, or later in the same file), its number is kept on the sub-unit
(`main_unit_orgnr`) and the link is made at the end of the run that brings the main unit.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery

from orgs.importers.base import (
    BATCH_SIZE,
    RegisterImport,
    Rejected,
    RejectsReport,
    Summary,
    csv_records,
    first_json_char,
    in_batches,
    json_items,
    opened,
    parse_date,
    upsert,
)
from orgs.kinds import KEPT_KINDS, kind_of_unit
from orgs.models import Municipality, Organisation
from orgs.validators import is_valid_orgnr

FIELDS = (
    "name",
    "kind",
    "municipality_id",
    "postal_address",
    "website",
    "industry_code",
    "employees",
    "active",
    "deleted_on",
    "bankrupt",
    "being_wound_up",
    "search_text",
    "search_name",
    "main_unit_orgnr",
)


def website_of(value) -> str:
    value = str(value or "").strip()
    if not value or " " in value:
        return ""
    if "://" not in value:
        value = f"https://{value}"
    return value if len(value) <= 200 else ""


def address_of(address: dict) -> str:
    lines = address.get("adresse") or []
    if isinstance(lines, str):
        lines = [lines]
    town = " ".join(p for p in (address.get("postnummer"), address.get("poststed")) if p)
    return ", ".join([*(str(line) for line in lines if line), town]).strip(", ")[:300]


def code_of(value) -> str:
    return str((value or {}).get("kode") or "") if isinstance(value, dict) else ""


class EnhetsregisteretImport(RegisterImport):
    register = "enhetsregisteret"

    def __init__(self, path, report: RejectsReport, *, progress=False, batch_size=BATCH_SIZE):
        super().__init__(path, report, progress=progress, batch_size=batch_size)
        # number -> (pk, name): the row's municipality, and its name for the search column.
        self.municipalities = {
            number: (pk, name)
            for number, pk, name in Municipality.objects.values_list("number", "pk", "name")
        }

    def records(self, stream):
        name = str(self.path).lower().removesuffix(".gz")
        if name.endswith(".csv"):
            return csv_records(stream)
        prefix = "item" if first_json_char(self.path) == "[" else "_embedded.enheter.item"
        return json_items(stream, prefix)

    def run(self) -> Summary:
        with opened(self.path, progress=self.progress, desc="Enhetsregisteret") as stream:
            in_batches(self.records(stream), self.import_batch, self.batch_size)
        self.link_pending()
        return self.summary

    # One row

    def read(self, record: dict) -> tuple[str, dict, str]:
        """(orgnr, field values, main unit's orgnr) of a good row; raises Rejected."""
        orgnr = str(record.get("organisasjonsnummer") or "").strip()
        if not is_valid_orgnr(orgnr):
            raise Rejected("invalid_orgnr", f"{orgnr!r} fails the MOD11 check")
        name = " ".join(str(record.get("navn") or "").split())
        if not name:
            raise Rejected("missing_name")
        address = record.get("beliggenhetsadresse") or record.get("forretningsadresse") or {}
        number = str(address.get("kommunenummer") or "").strip()
        if not number:
            raise Rejected("missing_municipality", "no kommunenummer in the address")
        municipality_id, place = self.municipalities.get(number, (None, ""))
        if municipality_id is None:
            raise Rejected("unknown_municipality", number)
        deleted_on = parse_date(record.get("slettedato") or record.get("nedleggelsesdato"))
        bankrupt = bool(record.get("konkurs"))
        wound_up = bool(
            record.get("underAvvikling") or record.get("underTvangsavviklingEllerTvangsopplosning")
        )
        nace = code_of(record.get("naeringskode1"))
        employees = record.get("antallAnsatte")
        try:
            employees = int(employees) if employees not in (None, "") else None
        except (TypeError, ValueError):
            employees = None
        values = {
            "name": name[:300],
            "kind": kind_of_unit(code_of(record.get("organisasjonsform")), nace),
            "municipality_id": municipality_id,
            "postal_address": address_of(address),
            "website": website_of(record.get("hjemmeside")),
            "industry_code": nace[:10],
            "employees": employees if employees is None or employees >= 0 else None,
            "active": not (deleted_on or bankrupt or wound_up),
            "deleted_on": deleted_on,
            "bankrupt": bankrupt,
            "being_wound_up": wound_up,
            **Organisation.search_columns(name[:300], orgnr, place),
        }
        parent = str(record.get("overordnetEnhet") or "").strip()
        values["main_unit_orgnr"] = parent if is_valid_orgnr(parent) and parent != orgnr else ""
        return orgnr, values, values["main_unit_orgnr"]

    # One batch

    def import_batch(self, records: tuple[dict, ...]) -> None:
        rows, parents = {}, {}
        for record in records:
            try:
                orgnr, values, parent = self.read(record)
            except Rejected as rejected:
                self.reject(record.get("organisasjonsnummer"), rejected)
                continue
            if orgnr in rows:
                self.summary.notes["duplicate rows (the last one counts)"] += 1
            rows[orgnr] = values
            if parent:
                parents[orgnr] = parent
        if not rows:
            return
        parent_ids = dict(
            Organisation.objects.filter(orgnr__in=set(parents.values())).values_list("orgnr", "pk")
        )
        for orgnr, parent in parents.items():
            if parent in parent_ids:
                rows[orgnr]["parent_id"] = parent_ids[parent]
            # else: linked at the end of this run, or of the run that brings the main unit
        upsert(Organisation, "orgnr", rows, self.summary, merge=keep_decided_kind)

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
