"""PartyState and PartyCoverage, each party's agreement's status and dates (and programme
areas) kept beside the party for the county overview, and AreaState, each agreement's areas
with its county, status and dates: the same rows as the parties, their agreements and the
agreements' areas after every kind of write (agreements/models/party_state.py), and the
overview's school and area counts and gaps from them on every day, as the agreements
themselves give them."""

import datetime

import pytest
from django.db.models import Exists, OuterRef

from agreements.county.overview import (
    EXPIRING_DAYS,
    county_overview,
    programme_areas_without_partner,
    with_trend,
)
from agreements.models import (
    Agreement,
    AreaState,
    Party,
    PartyCoverage,
    PartyState,
    agreements_written,
    organisations_written,
    oslo_today,
)
from agreements.models.party import PartyRow, replace_parties
from orgs.models import County, Organisation
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    CountyFactory,
    ProgrammeAreaFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def from_the_parties() -> tuple[set, set, set]:
    """(each party with its agreement's status and dates and whether its organisation has ended
    (the rule, Organisation.objects.ended()), each party with each of its
    agreement's programme areas and its status and valid_to, each agreement's areas with its
    county, status and dates), from the parties and the agreements."""
    ended = Organisation.objects.ended().filter(pk=OuterRef("organisation_id"))
    state = Party.objects.annotate(ended=Exists(ended)).values_list(
        "agreement_id",
        "organisation_id",
        "agreement__status",
        "agreement__valid_from",
        "agreement__valid_to",
        "ended",
    )
    coverage = Party.objects.filter(agreement__programme_areas__isnull=False).values_list(
        "agreement_id",
        "organisation_id",
        "agreement__programme_areas",
        "agreement__status",
        "agreement__valid_to",
    )
    areas = Agreement.objects.filter(programme_areas__isnull=False).values_list(
        "pk", "programme_areas", "county_id", "status", "valid_from", "valid_to"
    )
    return set(state), set(coverage), set(areas)


def kept() -> tuple[set, set, set]:
    """The same from the kept rows (PartyState, PartyCoverage, AreaState)."""
    state = PartyState.objects.values_list(
        "agreement_id", "organisation_id", "status", "valid_from", "valid_to", "organisation_ended"
    )
    coverage = PartyCoverage.objects.values_list(
        "agreement_id", "organisation_id", "programme_area_id", "status", "valid_to"
    )
    areas = AreaState.objects.values_list(
        "agreement_id", "programme_area_id", "county_id", "status", "valid_from", "valid_to"
    )
    return set(state), set(coverage), set(areas)


def test_each_write_of_agreements_and_parties_keeps_them():
    today = oslo_today()
    area, other_area = ProgrammeAreaFactory(), ProgrammeAreaFactory(code="NABAT1----")
    agreement = AgreementFactory(status=Agreement.Status.DRAFT, programme_areas=[area])
    assert kept() == from_the_parties()
    assert all(kept())
    agreement.programme_areas.add(other_area)
    assert kept() == from_the_parties()
    assert len(PartyCoverage.objects.filter(agreement=agreement)) == 4
    other_area.agreements.remove(agreement)
    assert kept() == from_the_parties()
    other_area.agreements.add(agreement)
    other_area.agreements.clear()
    assert kept() == from_the_parties()
    agreement.status = Agreement.Status.PUBLISHED
    agreement.save()
    assert {row[2] for row in kept()[0]} == {"published"}
    assert kept() == from_the_parties()
    agreement.valid_from, agreement.valid_to = today + DAY, today + 10 * DAY
    agreement.save()
    assert kept() == from_the_parties()
    company = CompanyFactory()
    school = agreement.parties.get(role=Party.Role.SCHOOL).organisation
    replace_parties(agreement, [PartyRow(school, Party.Role.SCHOOL), (company, "company")])
    assert kept() == from_the_parties()
    assert {row[1] for row in kept()[0]} == {school.pk, company.pk}
    party = agreement.parties.get(organisation=company)
    other = CompanyFactory()
    party.organisation = other  # the admin's inline moves a party
    party.save()
    assert kept() == from_the_parties()
    assert other.pk in {row[1] for row in kept()[1]}
    later = AgreementFactory(schools=[school], programme_areas=[other_area])
    assert kept() == from_the_parties()
    later.delete()
    assert kept() == from_the_parties()
    area.delete()
    assert kept() == from_the_parties()
    agreement.delete()
    assert kept() == (set(), set(), set())


def test_a_write_past_the_signals_is_kept_by_agreements_written():
    agreement = AgreementFactory(
        status=Agreement.Status.DRAFT, programme_areas=[ProgrammeAreaFactory()]
    )
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.PUBLISHED)
    assert kept() != from_the_parties()
    agreements_written([agreement.pk])
    assert kept() == from_the_parties()
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.WITHDRAWN)
    agreements_written()
    assert kept() == from_the_parties()


def test_an_organisation_going_out_of_business_and_back_is_kept():
    company = CompanyFactory()
    AgreementFactory(partners=[company])
    AgreementFactory(partners=[company], status=Agreement.Status.DRAFT)
    assert not any(row[5] for row in kept()[0])
    company.bankrupt = True  # the admin's form
    company.save()
    assert kept() == from_the_parties()
    assert PartyState.objects.filter(organisation_ended=True).count() == 2
    company.bankrupt, company.deleted_on = False, datetime.date(2026, 3, 1)
    company.save()
    assert PartyState.objects.filter(organisation_ended=True).count() == 2
    company.deleted_on = None
    company.save()
    assert kept() == from_the_parties()
    assert not PartyState.objects.filter(organisation_ended=True).exists()
    # A party added for an organisation already ended is kept ended from the start.
    AgreementFactory(partners=[CompanyFactory(being_wound_up=True)])
    assert kept() == from_the_parties()


def test_a_write_of_organisations_past_the_signals_is_kept_by_organisations_written():
    company, other = CompanyFactory(), CompanyFactory()
    AgreementFactory(partners=[company, other])
    Organisation.objects.filter(pk=company.pk).update(main_unit_ended=True)  # as an import
    assert kept() != from_the_parties()
    organisations_written([other.pk])  # another organisation's rows only
    assert kept() != from_the_parties()
    organisations_written()
    assert kept() == from_the_parties()
    Organisation.objects.filter(pk=company.pk).update(main_unit_ended=False)
    organisations_written([company.pk])
    assert kept() == from_the_parties()


def test_the_schools_counts_are_the_agreements_on_every_day():
    """The overview's counts from the kept rows, asked of the agreements themselves: should a
    category turn on a field the rows do not copy, this fails."""
    today = oslo_today()
    school = SchoolFactory()
    for status in Agreement.Status.values:
        for valid_from, valid_to in (
            (today - 500 * DAY, today - DAY),
            (today - 500 * DAY, today),
            (today - 500 * DAY, today + 89 * DAY),
            (today - 500 * DAY, today + 400 * DAY),
            (today + DAY, today + 400 * DAY),
        ):
            AgreementFactory(
                schools=[school], status=status, valid_from=valid_from, valid_to=valid_to
            )
    county = school.municipality.county
    mine = Agreement.objects.filter(parties__organisation=school)
    for day in (today - DAY, today, today + DAY, today + 90 * DAY, today + 401 * DAY):
        read = with_trend(County.objects, day).get(pk=county.pk)
        overview = county_overview(read, public_only=False, today=day)
        (row,) = [s for s in overview.schools if s.pk == school.pk]
        published = mine.filter(status=Agreement.Status.PUBLISHED)
        assert row.public == published.filter(valid_from__lte=day, valid_to__gte=day).count()
        assert row.upcoming == published.filter(valid_from__gt=day).count()
        assert row.expiring == (
            published.filter(
                valid_to__gte=day, valid_to__lte=day + datetime.timedelta(days=EXPIRING_DAYS)
            ).count()
        )
        assert row.expired == published.filter(valid_to__lt=day).count()
        assert row.draft == mine.filter(status__in=["draft", "submitted"]).count()


def test_the_programme_areas_counts_are_the_agreements_on_every_day():
    """The county's programme areas and their counts from the kept rows (AreaState), asked of
    the county's agreements themselves; publicly, an area with no public agreement is not
    shown; an agreement moved to another county leaves the first county's counts."""
    today = oslo_today()
    school = SchoolFactory()
    area, other_area = ProgrammeAreaFactory(), ProgrammeAreaFactory(code="NAOTH1----")
    for status in Agreement.Status.values:
        for valid_from, valid_to in (
            (today - 500 * DAY, today - DAY),
            (today - 500 * DAY, today + 89 * DAY),
            (today + DAY, today + 400 * DAY),
        ):
            AgreementFactory(
                schools=[school],
                programme_areas=[area],
                status=status,
                valid_from=valid_from,
                valid_to=valid_to,
            )
    AgreementFactory(schools=[school], programme_areas=[other_area], status="draft")
    county = school.municipality.county
    assert Agreement.objects.filter(county=county).count() == 3 * len(Agreement.Status.values) + 1
    for day in (today - DAY, today, today + DAY, today + 90 * DAY, today + 401 * DAY):
        read = with_trend(County.objects, day).get(pk=county.pk)
        found = {
            a.pk: a for a in county_overview(read, public_only=False, today=day).programme_areas
        }
        for each in (area, other_area):
            mine = Agreement.objects.filter(county=county, programme_areas=each)
            published = mine.filter(status=Agreement.Status.PUBLISHED)
            row = found[each.pk]
            assert row.public == published.filter(valid_from__lte=day, valid_to__gte=day).count()
            assert row.upcoming == published.filter(valid_from__gt=day).count()
            assert row.expired == published.filter(valid_to__lt=day).count()
            assert row.draft == mine.filter(status__in=["draft", "submitted"]).count()
        shown = [a.pk for a in county_overview(read, public_only=True, today=day).programme_areas]
        expected = [area.pk] if Agreement.objects.public(day).filter(county=county).exists() else []
        assert shown == expected, day
    moved = Agreement.objects.get(programme_areas=other_area)
    moved.county = CountyFactory(number="03", name="Oslo")
    moved.save()
    read = with_trend(County.objects).get(pk=county.pk)
    assert [a.pk for a in county_overview(read, public_only=False).programme_areas] == [area.pk]


def test_the_gaps_are_the_agreements_on_every_day():
    """A school's offered area without a public agreement covering it, from the kept rows,
    asked of the agreements by the public rule on each day."""
    today = oslo_today()
    school = SchoolFactory()
    areas = [ProgrammeAreaFactory(code=f"NAGAP{n}----", title_nb=f"Gap {n}") for n in range(4)]
    school.programme_areas.set(areas)
    for area, status, valid_to in (
        (areas[0], Agreement.Status.PUBLISHED, today + DAY),
        (areas[1], Agreement.Status.PUBLISHED, today - DAY),
        (areas[2], Agreement.Status.DRAFT, today + 400 * DAY),
    ):
        AgreementFactory(
            schools=[school],
            programme_areas=[area],
            status=status,
            valid_from=today - 500 * DAY,
            valid_to=valid_to,
        )
    for day in (today - 2 * DAY, today, today + DAY, today + 2 * DAY):
        public = Agreement.objects.public(day).filter(parties__organisation=school)
        expected = [a.pk for a in areas if not public.filter(programme_areas=a).exists()]
        gaps = programme_areas_without_partner([school], day)
        assert [area.pk for _school, found in gaps for area in found] == expected, day
    assert expected == [a.pk for a in areas]  # none public two days on
