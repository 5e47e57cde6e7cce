"""A municipality's picture, /oversikt/<county>/<municipality>/: its schools, their public
agreements by cooperation type and industry, programme areas without a partner, the county's
and the municipality's partnerships; a section for staff."""

import datetime

import pytest

from agreements.county.municipality import municipality_picture
from agreements.models import Agreement, oslo_today
from orgs.models import Organisation
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    CooperationTypeFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeAreaFactory,
    SchoolFactory,
)
from tests.queries import page_queries
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db

URL = "/oversikt/50/5001/"
DAY = datetime.timedelta(days=1)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def known(world):
    """Trondheim: Strinda with three public agreements (two companies in manufacturing, one in
    construction, one with no industry code), a draft and an expired one; Byåsen with none;
    Meløy's school (Nordland) with one that must not count."""
    today = oslo_today()
    yff = CooperationTypeFactory()
    visits = CooperationTypeFactory(slug="bedriftsbesok", name_nb="Bedriftsbesøk", order=20)
    fish = CompanyFactory(name="Fiskeforedling AS", industry_code="10.200")
    dairy = CompanyFactory(name="Meieriet AS", industry_code="10.510")
    builder = CompanyFactory(name="Byggmester AS", industry_code="43.210")
    unknown = CompanyFactory(name="Ukjent AS", industry_code="")
    health = ProgrammeAreaFactory(code="HSHEA2----", title_nb="Helsearbeiderfag")
    power = ProgrammeAreaFactory(code="ELELE2----", title_nb="Elenergi")
    world.strinda.programme_areas.add(health, power)
    world.byasen.programme_areas.add(health)
    s = world.strinda
    AgreementFactory(
        schools=[s], partners=[fish, dairy], cooperation_types=[yff], programme_areas=[health]
    )
    AgreementFactory(schools=[s], partners=[builder], cooperation_types=[yff, visits])
    AgreementFactory(schools=[s], partners=[unknown], cooperation_types=[visits])
    AgreementFactory(schools=[s], partners=[builder], status=Agreement.Status.DRAFT)
    AgreementFactory(
        schools=[s],
        partners=[builder],
        valid_from=today - 400 * DAY,
        valid_to=today - DAY,
        programme_areas=[power],
    )
    AgreementFactory(schools=[world.meloy_school], partners=[fish])
    return world


def steinkjer(world):
    """A second municipality in Trøndelag, with no school."""
    return MunicipalityFactory(
        number="5006", name="Steinkjer", county=world.strinda.municipality.county
    )


def rows(items):
    return {row.label: row.count for row in items}


class TestThePicture:
    def test_schools_types_and_industries_count_public_agreements_only(self, client, known):
        response = client.get(URL)
        assert response.status_code == 200
        picture = response.context["picture"]
        counts = {school.name: school.public_agreement_count for school in picture.schools}
        assert counts == {"Byåsen videregående skole": 0, "Strinda videregående skole": 3}
        assert picture.public_count == 3
        assert rows(picture.by_type) == {"Yrkesfaglig fordypning (YFF)": 2, "Bedriftsbesøk": 2}
        # Two manufacturers in one agreement count it once in manufacturing.
        assert rows(picture.by_section) == {
            "Industri": 1,
            "Bygge- og anleggsvirksomhet": 1,
            "Næring ikke registrert": 1,
        }
        html = response.content.decode()
        assert "<svg" in html and "<table" in html
        assert f'href="/skoler/{known.strinda.orgnr}/"' in html

    def test_programme_areas_offered_without_a_public_agreement(self, client, known):
        gaps = dict(client.get(URL).context["picture"].gaps)
        # Elenergi's only agreement has expired; Byåsen has no agreement for Helsearbeiderfag.
        assert [a.title_nb for a in gaps[known.strinda]] == ["Elenergi"]
        assert [a.title_nb for a in gaps[known.byasen]] == ["Helsearbeiderfag"]

    def test_the_countys_and_the_municipalitys_partnerships(self, client, known):
        nordland, steinkjer_ = known.meloy_school.municipality, steinkjer(known)
        kommune = OrganisationFactory(
            name="Trondheim kommune",
            kind=Organisation.Kind.MUNICIPALITY,
            municipality=known.strinda.municipality,
        )
        fylket = OrganisationFactory(
            name="Trøndelag fylkeskommune",
            kind=Organisation.Kind.COUNTY_AUTHORITY,
            municipality=steinkjer_,
        )
        other_municipality = OrganisationFactory(
            name="Steinkjer kommune", kind=Organisation.Kind.MUNICIPALITY, municipality=steinkjer_
        )
        other_county = OrganisationFactory(
            name="Nordland fylkeskommune",
            kind=Organisation.Kind.COUNTY_AUTHORITY,
            municipality=nordland,
        )
        nav = OrganisationFactory(name="NAV Trøndelag", kind=Organisation.Kind.PUBLIC_AGENCY)

        def partnership(title, *parties, **fields):
            return AgreementFactory(title=title, schools=[], partners=list(parties), **fields)

        partnership("Partnerskap for karriereveiledning", fylket, nav)
        partnership("Lokalt partnerskap Trondheim", fylket, kommune)
        partnership("Kommunens utkast", kommune, nav, status=Agreement.Status.DRAFT)
        partnership("Steinkjers partnerskap", other_municipality, nav)
        partnership("Nordlands partnerskap", other_county, nav)
        picture = client.get(URL).context["picture"]
        titles = [p.agreement.title for p in picture.partnerships]
        assert sorted(titles) == [
            "Lokalt partnerskap Trondheim",
            "Partnerskap for karriereveiledning",
        ]
        local = next(p for p in picture.partnerships if p.agreement.title.startswith("Lokalt"))
        assert {party.organisation.name for party in local.parties} == {
            "Trøndelag fylkeskommune",
            "Trondheim kommune",
        }
        assert {o.name for o in picture.owners} == {"Trøndelag fylkeskommune", "Trondheim kommune"}

    def test_the_newest_partnerships_and_where_to_find_the_rest(self, client, world, monkeypatch):
        from agreements.county import municipality

        monkeypatch.setattr(municipality, "PARTNERSHIP_LIMIT", 2)
        kommune = OrganisationFactory(
            name="Trondheim kommune",
            kind=Organisation.Kind.MUNICIPALITY,
            municipality=world.strinda.municipality,
        )
        today = oslo_today()
        for n in range(3):
            AgreementFactory(
                title=f"Partnerskap {n}",
                schools=[],
                partners=[kommune, CompanyFactory()],
                valid_from=today - (10 - n) * DAY,
            )
        response = client.get(URL)
        picture = response.context["picture"]
        assert [p.agreement.title for p in picture.partnerships] == [
            "Partnerskap 2",
            "Partnerskap 1",
        ]
        assert picture.more_partnerships
        html = response.content.decode()
        assert "De 2 nyeste partnerskapene vises." in html
        assert f'href="/bedrifter/{kommune.orgnr}/"' in html

    def test_no_school_owner_organisation_is_no_partnership(self, client, known):
        response = client.get(URL)
        assert response.context["picture"].partnerships == []
        html = response.content.decode()
        assert (
            "Det er ikke registrert noen offentlige avtaler der Trondheim kommune eller "
            "Trøndelag fylkeskommune er part."
        ) in html

    def test_the_county_overview_links_to_each_municipality(self, client, known):
        steinkjer(known)
        html = client.get("/oversikt/50/").content.decode()
        assert 'href="/oversikt/50/5001/"' in html and 'href="/oversikt/50/5006/"' in html
        assert 'href="/oversikt/18/1837/"' not in html

    def test_in_english_the_sections_have_english_names(self, client, known):
        html = client.get(f"/en{URL}").content.decode()
        assert "Manufacturing" in html and "Cooperation in Trondheim" in html


class TestEmptyAndWrong:
    def test_a_municipality_with_no_schools(self, client, world):
        steinkjer(world)
        response = client.get("/oversikt/50/5006/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ingen skoler i Steinkjer er registrert ennå." in html
        assert "Etter samarbeidsform" not in html

    def test_schools_with_no_public_agreement(self, client, world):
        html = client.get(URL).content.decode()  # the world's one agreement is a draft
        assert "Skolene har ingen offentlige avtaler ennå." in html
        assert "Ingen offentlige avtaler for skolene har en partnerbedrift ennå." in html

    @pytest.mark.parametrize(
        "url",
        [
            "/oversikt/18/5001/",  # Trondheim is not in Nordland
            "/oversikt/50/9999/",
            "/oversikt/99/5001/",
            "/oversikt/5x/5001/",
            "/oversikt/50/50011/",
            "/oversikt/50/5oo1/",
            "/oversikt/050/5001/",
        ],
    )
    def test_a_wrong_or_malformed_number_is_404(self, client, world, url):
        assert client.get(url).status_code == 404

    def test_names_and_titles_are_shown_as_text(self, client, world):
        school = SchoolFactory(name="<b>Fet</b> skole", municipality=world.strinda.municipality)
        kommune = OrganisationFactory(
            name="Trondheim <i>kommune</i>",
            kind=Organisation.Kind.MUNICIPALITY,
            municipality=world.strinda.municipality,
        )
        AgreementFactory(title="<script>alert(1)</script>", schools=[school], partners=[kommune])
        html = client.get(URL).content.decode()
        assert "<b>Fet" not in html and "&lt;b&gt;Fet&lt;/b&gt; skole" in html
        assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html
        assert "<i>kommune" not in html


class TestStaffSection:
    def test_only_staff_see_it(self, client, known):
        heading = "For ansatte: oppfølging"
        assert heading not in client.get(URL).content.decode()
        client.force_login(known.student)
        assert heading not in client.get(URL).content.decode()
        client.force_login(known.meloy_teacher)  # staff of any school
        response = client.get(URL)
        assert heading in response.content.decode()
        assert response.context["picture"].staff is not None

    def test_the_share_of_agreements_in_force_with_no_follow_up(self, client, world):
        today = oslo_today()
        trondheim = world.strinda.municipality
        kommune = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=trondheim)
        met = AgreementFactory(schools=[world.strinda])
        met.meetings.create(date=today - 30 * DAY, kind="yearly")
        evaluated = AgreementFactory(schools=[world.byasen])
        evaluated.evaluations.create(date=today - 300 * DAY)
        planned = AgreementFactory(schools=[], partners=[kommune, CompanyFactory()])
        start = today.year if today.month >= 8 else today.year - 1
        planned.annual_plans.create(school_year=f"{start}–{start + 1}")
        long_ago = AgreementFactory(schools=[world.strinda])
        long_ago.meetings.create(date=today - 400 * DAY)
        long_ago.annual_plans.create(school_year=f"{start - 2}–{start - 1}")
        AgreementFactory(schools=[world.byasen])  # nothing recorded
        # Not counted: upcoming, a draft, another municipality's school.
        upcoming = AgreementFactory(
            schools=[world.strinda], valid_from=today + DAY, valid_to=today + 400 * DAY
        )
        upcoming.meetings.create(date=today)
        AgreementFactory(schools=[world.strinda], status=Agreement.Status.DRAFT)
        AgreementFactory(schools=[world.meloy_school])
        AgreementFactory(schools=[world.strinda], status=Agreement.Status.WITHDRAWN)
        # Strinda's teacher answers for the first; the rest have no responsible person there.
        met.responsible_staff.set([world.strinda_teacher])
        evaluated.responsible_staff.set([world.strinda_teacher])  # not at Byåsen
        client.force_login(world.strinda_teacher)  # (a login of today)
        response = client.get(URL)
        figures = response.context["picture"].staff
        assert (figures.in_force, figures.without_follow_up) == (5, 2)
        # Not withdrawn, not expired: the five in force, the upcoming one, two drafts, less one.
        assert figures.needing_responsible == 7
        assert figures.share_without_follow_up == 40
        assert response.context["picture"].public_count == 5  # the schools': upcoming too
        html = response.content.decode()
        assert "2 av 5 (40\u00a0%)" in html and "Trenger ny ansvarlig" in html

    def test_an_agreement_of_two_schools_counts_once_and_the_countys_own_not(self, client, world):
        fylket = OrganisationFactory(
            kind=Organisation.Kind.COUNTY_AUTHORITY, municipality=steinkjer(world)
        )
        AgreementFactory(schools=[world.strinda, world.byasen], partners=[CompanyFactory()])
        AgreementFactory(schools=[], partners=[fylket, CompanyFactory()])  # a partnership
        client.force_login(world.coordinator_trondelag)
        picture = client.get(URL).context["picture"]
        counts = {school.name: school.public_agreement_count for school in picture.schools}
        assert counts == {"Byåsen videregående skole": 1, "Strinda videregående skole": 1}
        assert picture.public_count == 1
        assert (picture.staff.in_force, picture.staff.without_follow_up) == (1, 1)
        assert [p.agreement.parties.count() for p in picture.partnerships] == [2]

    def test_no_agreement_in_force_gives_no_share(self, client, world):
        steinkjer(world)
        client.force_login(world.coordinator_trondelag)
        figures = client.get("/oversikt/50/5006/").context["picture"].staff
        assert (figures.in_force, figures.share_without_follow_up) == (0, None)


def test_queries_do_not_grow_with_schools_and_agreements(client, known):
    trondheim = known.strinda.municipality
    staff = known.coordinator_trondelag
    kommune = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=trondheim)
    AgreementFactory(schools=[], partners=[kommune, CompanyFactory()])
    few = page_queries(client, URL)
    client.force_login(staff)
    few_staff = page_queries(client, URL)
    client.logout()
    fylket = OrganisationFactory(
        kind=Organisation.Kind.COUNTY_AUTHORITY, municipality=steinkjer(known)
    )
    area = ProgrammeAreaFactory(code="BABAT2----", title_nb="Betongfag")
    for n in range(8):
        school = SchoolFactory(municipality=trondheim)
        school.programme_areas.add(area)
        company = CompanyFactory(industry_code=f"{n + 41:02d}.100")
        AgreementFactory(schools=[school], partners=[company, CompanyFactory()])
        AgreementFactory(schools=[], partners=[kommune, company], title=f"Partnerskap {n}")
        AgreementFactory(schools=[school], partners=[fylket, kommune])
    assert page_queries(client, URL) == few
    client.force_login(staff)
    assert page_queries(client, URL) == few_staff
    assert few <= 10 and few_staff <= 10, (few, few_staff)


def test_a_picture_in_a_fixed_number_of_queries(django_assert_num_queries, known):
    """Schools and school owners, types, industries, gaps, partnerships, the count (public) or
    the staff's figures."""
    municipality = known.strinda.municipality
    kommune = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=municipality)
    AgreementFactory(schools=[], partners=[kommune, CompanyFactory()])
    for staff in (False, True):
        with django_assert_num_queries(6):
            picture = municipality_picture(municipality, staff=staff)
        assert picture.public_count == 3 and len(picture.partnerships) == 1


def test_staff_figures_of_a_municipality_with_no_school(client, world):
    """Its own agreements count; nothing fails for want of a school."""
    place = steinkjer(world)
    kommune = OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY, municipality=place)
    AgreementFactory(schools=[], partners=[kommune, CompanyFactory()])
    client.force_login(world.coordinator_trondelag)
    picture = client.get("/oversikt/50/5006/").context["picture"]
    assert (picture.staff.in_force, picture.staff.without_follow_up) == (1, 1)
    assert picture.public_count == 0 and len(picture.partnerships) == 1
