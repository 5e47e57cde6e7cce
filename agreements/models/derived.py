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
from django.utils.translation import gettext

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


def default_responsible(parties: Sequence):
    """The responsible party an agreement has unless one is chosen: its first school, else its
    first education party (a school owner, a training office, a university), else None.
    `parties` are Party objects or PartyRow, in the order of their rows."""
    from agreements.models.party import EDUCATION_ROLES, Role

    for roles in ((Role.SCHOOL,), EDUCATION_ROLES):
        for party in parties:
            if party.role in roles:
                return party.organisation
    return None


def owning_county_id(responsible, parties: Sequence = ()):
    """The county that owns an agreement: the county of its responsible party (a county
    authority's, a municipality's, a school's, a training office's or a university's, by the
    municipality it is registered in); without one, that of its default responsible party."""
    organisation = responsible or default_responsible(parties)
    if organisation is None or not organisation.municipality_id:
        return None
    return organisation.municipality.county_id


def derive_agreement_fields(
    *,
    title: str,
    purpose: str,
    parties: Sequence,
    cooperation_types: Iterable,
    programme_areas: Iterable,
    trades: Iterable,
    responsible=None,
    framework=None,
    responsible_staff: Iterable = (),
) -> DerivedFields:
    """The derived fields of an agreement with these fields and relations; reads no database.

    `parties` are Party objects (saved or not) in the order of their rows (by pk), each with
    its organisation and the organisation's municipality at hand; the next three are the
    cooperation types, programme areas and trades; `responsible` the responsible party's
    organisation (its municipality at hand), `framework` the framework agreement and
    `responsible_staff` the responsible staff members, if any.
    """
    from agreements.models.party import Role  # that module's package imports this one

    return DerivedFields(
        county_id=owning_county_id(responsible, parties),
        search_text=normalise_search_text(
            title,
            purpose,
            *(f"{p.organisation.name} {p.organisation.orgnr}" for p in parties),
        ),
        snapshot=_snapshot(
            parties, cooperation_types, programme_areas, trades, Role, responsible, framework
        )
        | {"responsible_staff": sorted(u.get_full_name() or u.username for u in responsible_staff)},
    )


def _party_line(party, roles) -> str:
    organisation = party.organisation
    line = f"{organisation.name} ({organisation.orgnr}), {roles(party.role).label}"
    if party.signatory:
        line += f", {party.signatory}"
    # The labels outside the f-strings, where makemessages finds them.
    if party.commitment:
        label = gettext("commits to")
        line += f"; {label}: {party.commitment}"
    if cost := cost_share_text(party.cost_amount, party.cost_rule):
        label = gettext("cost share")
        line += f"; {label}: {cost}"
    return line


def cost_share_text(amount, rule: str) -> str:
    """A cost share as text in bokmål: "500 000 kr", "14 000 kr + 1,50 kr per innbygger", or
    both ("500 000 kr (14 000 kr + …)")."""
    from registry.templatetags.norwegian import kroner

    text = kroner(amount) if amount is not None else ""
    if rule:
        text = f"{text} ({rule})" if text else rule
    return text


@translation.override("nb")
def _snapshot(
    parties, cooperation_types, programme_areas, trades, roles, responsible, framework
) -> dict:
    """The relations as bokmål text, whatever language the editor uses, so that each history
    entry holds the whole agreement as it was."""
    return {
        "parties": [_party_line(p, roles) for p in parties],
        "responsible_organisation": (
            f"{responsible.name} ({responsible.orgnr})" if responsible is not None else ""
        ),
        "framework": f"{framework.title} (nr. {framework.pk})" if framework is not None else "",
        "cooperation_types": sorted(t.name_nb for t in cooperation_types),
        "programme_areas": sorted(f"{a.title_nb} ({a.code})" for a in programme_areas),
        "trades": sorted(f"{t.title_nb} ({t.code})" for t in trades),
    }
