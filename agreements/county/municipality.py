"""A municipality's picture: how its schools cooperate with working life.

The numbers of /oversikt/<county>/<municipality>/. Each part is one aggregate query, whatever
the number of schools and agreements: the schools with their public agreement counts, the
public agreements by cooperation type and by the partner companies' industry (NACE section),
the programme areas offered with no public agreement, and the public partnerships the
municipality or its county authority is party to. Staff also get how the municipality's
agreements are followed up (`StaffFigures`).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, ExpressionWrapper, OuterRef, Q, When
from django.utils.translation import gettext_lazy as _

from agreements.county.overview import programme_areas_without_partner
from agreements.models import Agreement, CooperationType, Party, oslo_today
from agreements.models.follow_up_queries import followed_up_since
from orgs import nace
from orgs.models import Municipality, Organisation
from registry.expressions import Ids, values_list_of

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
    if staff:
        # Staff count the agreements of the schools and of the municipality itself, any status.
        municipality = [o for o in picture.owners if o.kind == Organisation.Kind.MUNICIPALITY]
        public, counts = _staff_counts([*picture.schools, *municipality], today)
        picture.staff = StaffFigures(a_year_before(today), *counts)
    elif picture.schools:
        public = _public_agreements(picture.schools, today)
    if picture.schools:
        public_ids = _count_public_agreements(picture.schools, public)
        picture.public_count = len(public_ids)
        picture.by_type = _by_cooperation_type(public_ids)
        picture.by_section = _by_industry_section(public_ids)
        picture.gaps = programme_areas_without_partner(picture.schools, today)
    if picture.owners:
        public = Agreement.objects.public(today)
        _add_partnerships(picture, public.filter(_party_among(organisation__in=picture.owners)))
    return picture


def _schools_and_owners(municipality):
    """The municipality's schools and its school owners, the municipality's own organisation
    and its county's county authority: one query. The schools and the municipality come with
    the ids of the agreements they are party to (`agreement_ids`, from the parties' index),
    so the agreements are then read by key, each once. The county's municipalities as a
    subquery, not through the join: planning the OR across the join took milliseconds."""
    kind = Organisation.Kind
    county = Municipality.objects.filter(county_id=municipality.county_id).values("pk")
    own = values_list_of(Party.objects.filter(organisation_id=OuterRef("pk")), "agreement_id")
    counted = Q(kind__in=[*Organisation.SCHOOL_KINDS, kind.MUNICIPALITY])
    return (
        Organisation.objects.filter(
            counted & Q(municipality=municipality)
            | Q(kind=kind.COUNTY_AUTHORITY, municipality__in=county)
        )
        .select_related("municipality")
        .only("orgnr", "name", "kind", "municipality__name")  # what the page shows
        .annotate(agreement_ids=Case(When(counted, then=own)))
        .order_by("name", "pk")
    )


def _agreement_ids(organisations) -> Ids:
    return Ids(sorted({pk for organisation in organisations for pk in organisation.agreement_ids}))


def _public_agreements(schools, today) -> set[int]:
    """The ids of the schools' public agreements: one query, the agreements by key."""
    ids = _agreement_ids(schools)
    if not ids:
        return set()
    public = Agreement.objects.public(today).filter(pk__among=ids).order_by()
    return set(public.values_list("pk", flat=True))


def _staff_counts(organisations, today) -> tuple[set[int], list[int]]:
    """(the ids of the public agreements these organisations are party to, as
    _public_agreements gives them; the counts of StaffFigures.conditions over all the
    agreements they are party to), in one query. Each condition is the one that writes the
    rule (the public rule, follow-up, needing a responsible person), asked of the agreement's
    own row: as EXISTS over the rules' querysets, PostgreSQL hashed each rule over the whole
    country."""
    ids = _agreement_ids(organisations)
    if not ids:
        return set(), [0, 0, 0]
    agreements = Agreement.objects.order_by()
    conditions = (agreements.public_condition(today), *StaffFigures.conditions(today, ids))
    # Each figure and the public rule count only agreements in force or in the making: the
    # withdrawn and the expired are left out by the query.
    rows = (
        agreements.filter(pk__among=ids)
        .answered_for(today)
        .values_list(
            "pk", *(ExpressionWrapper(condition, BooleanField()) for condition in conditions)
        )
    )
    public, counts = set(), [0, 0, 0]
    for pk, is_public, in_force, without_follow_up, needing_responsible in rows:
        if is_public:
            public.add(pk)
        counts[0] += in_force
        counts[1] += without_follow_up
        counts[2] += needing_responsible
    return public, counts


def _count_public_agreements(schools, public: set[int]) -> Ids:
    """Sets each school's public_agreement_count (and its row of the counts_table tag) and
    returns the ids of the schools' public agreements (of `public`), each once."""
    schools_public = set()
    for school in schools:
        own = public.intersection(school.agreement_ids)
        schools_public |= own
        school.public_agreement_count = len(own)
        school.label = school.name
        school.values = [school.public_agreement_count]
    return Ids(sorted(schools_public))


def _by_cooperation_type(agreement_ids) -> list[Row]:
    types = (
        CooperationType.objects.filter(agreements__id__among=agreement_ids)
        .annotate(n=Count("agreements"))
        .order_by("order", "name_nb")
    )
    return [Row(t.name, t.n, t.slug) for t in types]


NO_SECTION = _("Industry not recorded")


def _by_industry_section(agreement_ids) -> list[Row]:
    """Public agreements by the NACE section of their partner companies: an agreement with
    companies in two sections counts in each."""
    companies = (
        Party.objects.filter(role=Party.Role.COMPANY, agreement_id__among=agreement_ids)
        .order_by()
        .values_list("agreement_id", "organisation__industry_code")
    )
    by_code = {}
    for agreement_id, industry_code in companies:
        by_code.setdefault(industry_code, []).append(agreement_id)
    by_letter = {}  # the codes' sections, each code once
    for industry_code, agreement_ids in by_code.items():
        section = nace.section_of(industry_code)
        by_letter.setdefault(section.letter if section else "", set()).update(agreement_ids)
    result = [
        Row(section.name, len(by_letter[section.letter]), section.letter)
        for section in nace.SECTIONS
        if section.letter in by_letter
    ]
    if by_letter.get(""):
        result.append(Row(str(NO_SECTION), len(by_letter[""])))
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

    @staticmethod
    def conditions(today, among=None) -> tuple[Q, Q, Q]:
        """The conditions on an agreement that the three counts count, in their order;
        `among`, the ids of the agreements counted, narrows who is asked about
        (AgreementQuerySet.needing_responsible_person_condition)."""
        in_force = Agreement.objects.public_condition(today) & Q(valid_from__lte=today)
        return (
            in_force,
            in_force & ~followed_up_since(a_year_before(today)),
            Agreement.objects.needing_responsible_person_condition(today, among),
        )

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


def _party_among(**lookups) -> Q:
    """An agreement with a party matching these Party lookups. As IN over the matching parties,
    not EXISTS for each agreement: PostgreSQL starts from the few parties (by their index)
    instead of testing every public agreement in the country."""
    return Q(pk__in=Party.objects.filter(**lookups).values("agreement_id"))
