"""A municipality's picture: how its schools cooperate with working life.

The numbers of /oversikt/<county>/<municipality>/. Each part is one aggregate query, whatever
the number of schools and agreements: the schools with their public agreement counts, the
public agreements by cooperation type and by the partner companies' industry (NACE section),
the programme areas offered with no public agreement, and the public partnerships the
municipality or its county authority is party to. Staff also get how the municipality's
agreements are followed up (`staff_figures`).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _

from agreements.county.overview import programme_areas_without_partner
from agreements.models import Agreement, CooperationType, Party, oslo_today
from agreements.models.follow_up_queries import followed_up_since
from orgs import nace
from orgs.models import Municipality, Organisation
from registry.expressions import Ids

# At most this many partnerships are listed; the organisations' own pages list them all.
PARTNERSHIP_LIMIT = 50


@dataclass
class Row:
    """One row of a chart and its table: a label and its count."""

    label: str
    count: int
    code: str = ""

    @property
    def values(self) -> list[int]:  # what the counts_table tag shows
        return [self.count]


@dataclass
class Partnership:
    agreement: Agreement
    parties: list = field(default_factory=list)


@dataclass
class MunicipalityPicture:
    municipality: Municipality
    schools: list = field(default_factory=list)  # annotated with public_agreement_count
    public_count: int = 0  # the schools' public agreements, each once
    by_type: list[Row] = field(default_factory=list)
    by_section: list[Row] = field(default_factory=list)
    gaps: list = field(default_factory=list)  # (school, [programme areas with no partner])
    partnerships: list[Partnership] = field(default_factory=list)
    more_partnerships: bool = False
    owners: list = field(default_factory=list)  # the municipality's and county's organisations
    staff: "StaffFigures | None" = None  # for staff only


def municipality_picture(municipality, *, staff: bool = False, today=None) -> MunicipalityPicture:
    today = today or oslo_today()
    picture = MunicipalityPicture(municipality)
    for organisation in _schools_and_owners(municipality):
        (picture.schools if organisation.is_school else picture.owners).append(organisation)
    # Staff count the agreements of the schools and of the municipality itself, in any status.
    own = [*picture.schools]
    if staff:
        own += [o for o in picture.owners if o.kind == Organisation.Kind.MUNICIPALITY]
    parties = _parties(own, today, staff=staff) if own else []
    if picture.schools:
        public_ids = _count_public_agreements(picture.schools, parties)
        picture.public_count = len(public_ids)
        picture.by_type = _by_cooperation_type(public_ids)
        picture.by_section = _by_industry_section(public_ids)
        picture.gaps = programme_areas_without_partner(picture.schools, today)
    if picture.owners:
        public = Agreement.objects.public(today)
        _add_partnerships(picture, public.filter(_party_among(organisation__in=picture.owners)))
    if staff:
        picture.staff = staff_figures(parties, today)
    return picture


def _schools_and_owners(municipality):
    """The municipality's schools and its school owners, the municipality's own organisation
    and its county's county authority: one query."""
    kind = Organisation.Kind
    return (
        Organisation.objects.filter(
            Q(municipality=municipality, kind__in=[*Organisation.SCHOOL_KINDS, kind.MUNICIPALITY])
            | Q(kind=kind.COUNTY_AUTHORITY, municipality__county_id=municipality.county_id)
        )
        .select_related("municipality")
        .order_by("name", "pk")
    )


def _parties(organisations, today, *, staff: bool) -> list[dict]:
    """Every party these organisations are, with `is_public` (whether its agreement is public)
    and for staff the figures' conditions on its agreement (`staff_figures`); publicly only
    the parties of public agreements. One query, from the organisations' parties by their
    index: the other parts are handed the agreement ids, so the agreements are found once, not
    once a part (or hashed whole for each). Each condition is the one that writes the rule
    (the public rule, needing a responsible person), asked of the party's agreement."""
    public = Agreement.objects.public(today).order_by()
    parties = Party.objects.filter(organisation_id__in=[o.pk for o in organisations]).order_by()
    if not staff:
        parties = parties.filter(agreement__in=public.values("pk")).annotate(is_public=Value(True))
        return list(parties.values("organisation_id", "agreement_id", "is_public"))
    agreements = Agreement.objects.order_by()
    in_force = public.filter(valid_from__lte=today)
    since = a_year_before(today)
    conditions = {
        "is_public": public,
        "in_force": in_force,
        "without_follow_up": in_force.filter(~followed_up_since(since)),
        "needing_responsible": agreements.needing_responsible_person(today),
    }
    annotations = {
        name: Exists(agreements.filter(pk=OuterRef("agreement_id")))
        for name, agreements in conditions.items()
    }
    return list(
        parties.annotate(**annotations).values("organisation_id", "agreement_id", *annotations)
    )


def _count_public_agreements(schools, parties) -> Ids:
    """Sets each school's public_agreement_count (and its row of the counts_table tag) and
    returns the ids of the schools' public agreements, each once."""
    per_school = {school.pk: set() for school in schools}
    for party in parties:
        if party["is_public"] and party["organisation_id"] in per_school:
            per_school[party["organisation_id"]].add(party["agreement_id"])
    for school in schools:
        school.public_agreement_count = len(per_school[school.pk])
        school.label = school.name
        school.values = [school.public_agreement_count]
    return Ids(sorted(set().union(*per_school.values())))


def _by_cooperation_type(agreement_ids) -> list[Row]:
    types = (
        CooperationType.objects.filter(agreements__among=agreement_ids)
        .annotate(n=Count("agreements"))
        .order_by("order", "name_nb")
    )
    return [Row(t.name, t.n, t.slug) for t in types]


NO_SECTION = _("Industry not recorded")


def _by_industry_section(agreement_ids) -> list[Row]:
    """Public agreements by the NACE section of their partner companies: an agreement with
    companies in two sections counts in each."""
    rows = (
        Party.objects.filter(role=Party.Role.COMPANY, agreement__among=agreement_ids)
        .annotate(section=nace.section_expression("organisation__industry_code"))
        .values("section")
        .annotate(n=Count("agreement", distinct=True))
        .order_by("section")
    )
    counts = {row["section"]: row["n"] for row in rows}
    result = [
        Row(section.name, counts[section.letter], section.letter)
        for section in nace.SECTIONS
        if section.letter in counts
    ]
    if counts.get(""):
        result.append(Row(str(NO_SECTION), counts[""]))
    return result


def _add_partnerships(picture, owned) -> None:
    """The public agreements the school owners are party to (`owned`), newest first, with
    their parties: one query, the parties with their agreements."""
    newest = owned.order_by("-valid_from", "title", "pk").values("pk")[: PARTNERSHIP_LIMIT + 1]
    parties = (
        Party.objects.filter(agreement__in=newest)
        .select_related("agreement", "organisation")
        .order_by("-agreement__valid_from", "agreement__title", "agreement_id", "role", "pk")
    )
    by_agreement = {}
    for party in parties:
        by_agreement.setdefault(party.agreement_id, Partnership(party.agreement))
        by_agreement[party.agreement_id].parties.append(party)
    partnerships = list(by_agreement.values())
    picture.partnerships = partnerships[:PARTNERSHIP_LIMIT]
    picture.more_partnerships = len(partnerships) > PARTNERSHIP_LIMIT


@dataclass
class StaffFigures:
    """How the agreements a school of the municipality or the municipality itself is party to
    are followed up: those in force with no follow-up for twelve months, and those needing a
    new responsible person."""

    since: datetime.date  # twelve months ago
    in_force: int
    without_follow_up: int
    needing_responsible: int  # in force or in the making (needing_responsible_person)

    @property
    def share_without_follow_up(self) -> int | None:
        """Per cent, rounded; None when no agreement is in force."""
        if not self.in_force:
            return None
        return round(100 * self.without_follow_up / self.in_force)


def a_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def staff_figures(parties, today) -> StaffFigures:
    """The staff's figures over the agreements of these parties (those of the municipality's
    schools and of the municipality itself, from `_parties`), each agreement once."""
    agreements = {party["agreement_id"]: party for party in parties}.values()

    def count(condition: str) -> int:
        return sum(1 for agreement in agreements if agreement[condition])

    return StaffFigures(
        a_year_before(today),
        count("in_force"),
        count("without_follow_up"),
        count("needing_responsible"),
    )


def _party_among(**lookups) -> Q:
    """An agreement with a party matching these Party lookups. As IN over the matching parties,
    not EXISTS for each agreement: PostgreSQL starts from the few parties (by their index)
    instead of testing every public agreement in the country."""
    return Q(pk__in=Party.objects.filter(**lookups).values("agreement_id"))
