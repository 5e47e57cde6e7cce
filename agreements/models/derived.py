"""An agreement's derived fields, composed in one place.

`derive_agreement_fields` is the only writer of an agreement's owning county, its search
column (`search_text`) and its history snapshot. `Agreement.save_after_relations` (the one
save of a change, on the staff pages and in the admin) and `refresh_derived_fields` call it
on the rows in the database; the benchmarks (bench/generate.py, bench/pdf_and_export.py)
call it on the in-memory rows they bulk-write, so all fill the columns the same way.

This is a Python one-writer, not a `GeneratedField`: the fields follow other tables (the
parties, their organisations, the many-to-many relations), which a generated column cannot
read, and normalise_search_text (NFC, casefold) has no portable SQL form (SQLite's lower()
only folds ASCII).
"""

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from django.utils import translation

from registry.text import normalise_search_text


@dataclass(frozen=True)
class DerivedFields:
    county_id: int | None
    search_text: str
    snapshot: dict

    def apply_to(self, agreement) -> None:
        agreement.county_id = self.county_id
        agreement.search_text = self.search_text
        agreement.snapshot = self.snapshot

    def as_dict(self) -> dict:
        return asdict(self)


def derive_agreement_fields(
    *,
    title: str,
    purpose: str,
    parties: Sequence,
    cooperation_types: Iterable,
    programme_areas: Iterable,
    trades: Iterable,
) -> DerivedFields:
    """The derived fields of an agreement with these fields and relations; reads no database.

    `parties` are Party objects (saved or not) in the order of their rows (by pk), each with
    its organisation and the organisation's municipality at hand; the other three are the
    cooperation types, programme areas and trades.
    """
    from agreements.models.agreement import Party  # that module imports this one

    # The owning county is the county of the first school among the parties.
    first_school = next(
        (
            p.organisation
            for p in parties
            if p.role == Party.Role.SCHOOL and p.organisation.municipality_id
        ),
        None,
    )
    return DerivedFields(
        county_id=first_school.municipality.county_id if first_school else None,
        search_text=normalise_search_text(
            title,
            purpose,
            *(f"{p.organisation.name} {p.organisation.orgnr}" for p in parties),
        ),
        snapshot=_snapshot(parties, cooperation_types, programme_areas, trades, Party.Role),
    )


@translation.override("nb")
def _snapshot(parties, cooperation_types, programme_areas, trades, roles) -> dict:
    """The relations as bokmål text, whatever language the editor uses, so that each history
    entry holds the whole agreement as it was."""
    return {
        "parties": [
            f"{p.organisation.name} ({p.organisation.orgnr}), {roles(p.role).label}"
            + (f", {p.signatory}" if p.signatory else "")
            for p in parties
        ],
        "cooperation_types": sorted(t.name_nb for t in cooperation_types),
        "programme_areas": sorted(f"{a.title_nb} ({a.code})" for a in programme_areas),
        "trades": sorted(f"{t.title_nb} ({t.code})" for t in trades),
    }
