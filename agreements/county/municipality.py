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

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from agreements.county.overview import programme_areas_without_partner
from agreements.models import Agreement, CooperationType, Party, oslo_today
from agreements.models.follow_up_queries import followed_up_since
from orgs import nace
from orgs.models import Municipality, Organisation

# At most this many partnerships are listed; the organisations' own pages list them all.
PARTNERSHIP_LIMIT = 50


@dataclass
class Row:
    """One row of a chart and its table: a label and its count."""

    label: str
    count: int
    code: str = ""

    @property
    def values(self) -> list[int]:  # what templates/county/_counts_table.html shows
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
        if organisation.is_school:
            # A row of templates/county/_counts_table.html.
            organisation.label = organisation.name
            organisation.values = [organisation.public_agreement_count]
            picture.schools.append(organisation)
        else:
            picture.owners.append(organisation)
    school_ids = [school.pk for school in picture.schools]
    public = Agreement.objects.public(today)
    if school_ids:
        of_schools = public.filter(_party_among(organisation_id__in=school_ids))
        picture.by_type = _by_cooperation_type(of_schools)
        picture.by_section = _by_industry_section(of_schools)
        picture.gaps = programme_areas_without_partner(picture.schools, today)
    if picture.owners:
        owned = public.filter(_party_among(organisation__in=picture.owners))
        _add_partnerships(picture, owned)
    if staff:
        picture.staff = staff_figures(picture, today)
    elif school_ids:
        picture.public_count = of_schools.count()
    return picture


def _schools_and_owners(municipality):
    """The municipality's schools and its school owners, the municipality's own organisation
    and its county's county authority, with their public agreement counts: one query."""
    kind = Organisation.Kind
    return (
        Organisation.objects.filter(
            Q(municipality=municipality, kind__in=[*Organisation.SCHOOL_KINDS, kind.MUNICIPALITY])
            | Q(kind=kind.COUNTY_AUTHORITY, municipality__county_id=municipality.county_id)
        )
        .with_public_agreement_count()
        .order_by("name", "pk")
    )


def _by_cooperation_type(public) -> list[Row]:
    types = (
        CooperationType.objects.filter(agreements__in=public)
        .annotate(n=Count("agreements", distinct=True))
        .order_by("order", "name_nb")
    )
    return [Row(t.name, t.n, t.slug) for t in types]


NO_SECTION = _("Industry not recorded")


def _by_industry_section(public) -> list[Row]:
    """Public agreements by the NACE section of their partner companies: an agreement with
    companies in two sections counts in each."""
    rows = (
        Party.objects.filter(role=Party.Role.COMPANY, agreement__in=public)
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


def staff_figures(picture, today) -> StaffFigures:
    """The staff's figures in one aggregate query over the agreements of the municipality's
    schools and of the municipality itself, with the schools' public agreement count
    (picture.public_count), which the public page counts on its own. Each condition is the
    queryset method that writes the rule, asked of the agreement at hand."""
    own = [
        *picture.schools,
        *(o for o in picture.owners if o.kind == Organisation.Kind.MUNICIPALITY),
    ]
    public = _is_in(Agreement.objects.public(today))
    in_force = public & Q(valid_from__lte=today)
    since = a_year_before(today)
    counts = Agreement.objects.filter(_party_among(organisation__in=own)).aggregate(
        public=Count("pk", filter=_party_among(organisation__in=picture.schools) & public),
        in_force=Count("pk", filter=in_force),
        without_follow_up=Count("pk", filter=in_force & ~followed_up_since(since)),
        needing_responsible=Count(
            "pk", filter=_is_in(Agreement.objects.needing_responsible_person(today))
        ),
    )
    picture.public_count = counts["public"]
    return StaffFigures(
        since, counts["in_force"], counts["without_follow_up"], counts["needing_responsible"]
    )


def _is_in(agreements) -> Q:
    """The agreement at hand is one of `agreements` (a queryset method's answer)."""
    return Q(Exists(agreements.filter(pk=OuterRef("pk"))))


def _party_among(**lookups) -> Q:
    """An agreement with a party matching these Party lookups. As IN over the matching parties,
    not EXISTS for each agreement: PostgreSQL starts from the few parties (by their index)
    instead of testing every public agreement in the country."""
    return Q(pk__in=Party.objects.filter(**lookups).values("agreement_id"))
