"""Company mapping (kartlegging) for staff."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, LogMessage, oslo_today
from orgs.models import Organisation
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    MunicipalityFactory,
    ProgrammeAreaFactory,
    TradeFactory,
)
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    aqua_area = ProgrammeAreaFactory(code="NAAKV2----", title_nb="Akvakultur")
    aqua = TradeFactory(code="NAAKV3----", title_nb="Akvakulturfaget")
    aqua.programme_areas.add(aqua_area)
    world.grytaga.approved_trades.add(aqua)
    world.grytaga.industry_code = "03.221"
    world.grytaga.employees = 25
    world.grytaga.save()
    bodo = MunicipalityFactory(
        number="1804", name="Bodø", county=world.meloy_school.municipality.county
    )
    world.salmon = CompanyFactory(name="Nordlaks AS", municipality=bodo, employees=400)
    world.salmon.approved_trades.add(aqua)
    world.bakery = CompanyFactory(
        name="Bakeriet i Trondheim AS", employees=12, industry_code="10.710"
    )
    AgreementFactory(schools=[world.meloy_school], partners=[world.grytaga])
    AgreementFactory(schools=[world.byasen], partners=[world.salmon])
    AgreementFactory(
        schools=[world.strinda],
        partners=[world.bakery],
        status=Agreement.Status.WITHDRAWN,
    )
    return world


def names(client, **params):
    response = client.get("/ansatt/kartlegging/", params)
    assert response.status_code == 200
    page = response.context["page"]
    return None if page is None else [o.name for o in page.object_list]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"larefag": "NAAKV3----"}, ["Grytåga settefisk AS", "Nordlaks AS"]),
        ({"programomrade": "NAAKV2----"}, ["Grytåga settefisk AS", "Nordlaks AS"]),
        ({"kommune": "1804"}, ["Nordlaks AS"]),
        ({"fylke": "18", "naering": "03"}, ["Grytåga settefisk AS"]),
        ({"storrelse": "250+", "larefag": "NAAKV3----"}, ["Nordlaks AS"]),
        ({"storrelse": "10-49", "q": "settefisk"}, ["Grytåga settefisk AS"]),
        ({"storrelse": "250+", "q": "settefisk"}, []),
        ({"q": "bodo"}, ["Nordlaks AS"]),  # the place, typed without ø
        ({"q": "nordlaks"}, ["Nordlaks AS"]),
    ],
)
def test_filters(client, world, params, expected):
    client.force_login(world.meloy_teacher)
    assert names(client, **params) == expected


def test_cooperation_with_my_school_or_others(client, world):
    client.force_login(world.meloy_teacher)
    aqua = {"larefag": "NAAKV3----"}
    assert names(client, samarbeid="min-skole", **aqua) == ["Grytåga settefisk AS"]
    assert names(client, samarbeid="andre-skoler", **aqua) == ["Nordlaks AS"]
    # A withdrawn agreement is no cooperation.
    assert "Bakeriet i Trondheim AS" in names(client, samarbeid="ingen", q="bakeriet")


def test_no_filter_asks_for_one(client, world):
    client.force_login(world.meloy_teacher)
    response = client.get("/ansatt/kartlegging/")
    assert response.context["page"] is None
    assert "Velg minst ett filter" in response.content.decode()


def test_results_show_agreements_and_latest_contact(client, world):
    LogMessage.objects.create(
        organisation=world.salmon,
        author=world.strinda_teacher,
        author_school=world.strinda,
        kind="contacted",
        body="Ringte om lærlingplasser",
    )
    client.force_login(world.meloy_teacher)
    html = client.get("/ansatt/kartlegging/", {"larefag": "NAAKV3----"}).content.decode()
    assert "Ringte om lærlingplasser" in html
    assert "Strinda videregående skole" in html
    assert "Avtale" in html


def test_only_staff_may_map(client, world):
    assert client.get("/ansatt/kartlegging/?q=as").status_code == 302
    client.force_login(world.student)
    assert client.get("/ansatt/kartlegging/?q=as").status_code == 403


def test_queries_do_not_grow_with_results(client, world, settings):
    settings.PUBLIC_PAGE_SIZE = 50
    client.force_login(world.meloy_teacher)
    url = "/ansatt/kartlegging/?larefag=NAAKV3----&samarbeid=andre-skoler"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    trade = world.grytaga.approved_trades.get()

    def add(n):
        for i in range(n):
            company = CompanyFactory(name=f"Oppdrett {i} {oslo_today()}", employees=30)
            company.approved_trades.add(trade)
            AgreementFactory(
                schools=[world.byasen],
                partners=[company],
                valid_to=oslo_today() + datetime.timedelta(days=100),
            )
            LogMessage.objects.create(
                organisation=company, author=world.strinda_teacher, body="kontakt"
            )

    add(3)
    few = count()
    add(27)
    many = count()
    assert many == few
    assert many <= 12


@pytest.mark.parametrize(
    "query",
    [
        "programomrade=NAAKV2----",
        "fylke=18",
        "fylke=18&side=3",  # a deep page: its rows are found by id first
        "kommune=1804&storrelse=10-49",
        "fylke=18&storrelse=10-49&side=2",  # the county by municipality, with the size
    ],
)
def test_the_page_takes_the_same_queries_for_more_companies(client, world, settings, query):
    settings.PUBLIC_PAGE_SIZE = 2
    client.force_login(world.meloy_teacher)
    url = f"/ansatt/kartlegging/?{query}"
    area = ProgrammeAreaFactory(code="NAX", title_nb="Annet")
    trade = world.salmon.approved_trades.get()

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
        return len(queries), len(response.context["page"].object_list)

    def add(n):
        for i in range(n):
            company = CompanyFactory(
                name=f"Oppdrett {n} {i}", employees=30, municipality=world.salmon.municipality
            )
            company.approved_trades.add(trade)
            AgreementFactory(schools=[world.byasen], partners=[company], programme_areas=[area])
            LogMessage.objects.create(
                organisation=company, author=world.strinda_teacher, body="kontakt"
            )

    add(4)
    few = count()
    add(10)
    assert count() == few
    assert few[0] <= 10 and few[1] == 2


def test_a_company_in_several_ways_is_listed_once(client, world):
    """Approved for the trade and party to two agreements on the programme area: once."""
    trade_area = world.salmon.approved_trades.get().programme_areas.get()
    for _ in range(2):
        AgreementFactory(
            schools=[world.byasen], partners=[world.salmon], programme_areas=[trade_area]
        )
    client.force_login(world.meloy_teacher)
    assert names(client, programomrade="NAAKV2----") == ["Grytåga settefisk AS", "Nordlaks AS"]


def test_a_deep_page_lists_the_next_companies_by_name(client, world, settings):
    settings.PUBLIC_PAGE_SIZE = 1
    client.force_login(world.meloy_teacher)
    pages = [names(client, larefag="NAAKV3----", side=n) for n in (1, 2)]
    assert pages == [["Grytåga settefisk AS"], ["Nordlaks AS"]]


def test_a_card_lists_the_latest_agreements_and_how_many_more(client, world):
    for days in range(1, 8):
        AgreementFactory(
            title=f"Avtale som varer {days} dager",
            schools=[world.byasen],
            partners=[world.salmon],
            valid_to=oslo_today() + datetime.timedelta(days=days),
        )
    client.force_login(world.meloy_teacher)
    response = client.get("/ansatt/kartlegging/", {"q": "nordlaks"})
    salmon = response.context["page"].object_list[0]
    assert len(salmon.current_agreements) == 5 and salmon.more_agreements == 3  # 8 in all
    html = response.content.decode()
    assert "og 3 til" in html and "Avtale som varer 7 dager" in html
    assert "Avtale som varer 2 dager" not in html


def test_each_filter_list_offers_its_empty_choice_once(client, world):
    client.force_login(world.strinda_teacher)
    html = client.get("/ansatt/kartlegging/").content.decode()
    for name in ("larefag", "programomrade", "fylke", "kommune"):
        select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        assert select.count('value=""') == 1, name


def test_a_county_is_listed_by_name_across_its_municipalities(client, world, settings):
    """The county alone is read a municipality at a time and merged: every page holds the
    companies the list's order (name, then id) gives it, the same name in two municipalities
    included, and the count is the county's."""
    settings.PUBLIC_PAGE_SIZE = 3
    county = world.meloy_school.municipality.county
    places = [world.meloy_school.municipality, world.salmon.municipality]
    places.append(MunicipalityFactory(number="1806", name="Narvik", county=county))
    for i in range(9):
        CompanyFactory(name=f"Fisk {i % 4} AS", municipality=places[i % 3], employees=20 + i)
    in_county = (
        Organisation.objects.active().not_schools().filter(municipality__county=county)
    ).order_by("name", "pk")
    expected = list(in_county.values_list("pk", flat=True))
    sized = list(in_county.filter(employees__range=(10, 49)).values_list("pk", flat=True))
    client.force_login(world.meloy_teacher)

    def page(number, **params):
        response = client.get("/ansatt/kartlegging/", {"fylke": "18", "side": number, **params})
        return response.context["page"]

    pages = [page(n) for n in range(1, 6)]
    assert pages[0].paginator.count == len(expected) == 12
    assert [c.pk for p in pages[:4] for c in p.object_list] == expected
    assert [c.pk for c in pages[4].object_list] == expected[-3:]  # past the end: the last
    assert [c.pk for c in page(2, storrelse="10-49").object_list] == sized[3:6]


def test_a_card_shows_the_company_its_trades_and_its_count(client, world):
    client.force_login(world.meloy_teacher)
    response = client.get("/ansatt/kartlegging/", {"programomrade": "NAAKV2----"})
    html = response.content.decode()
    assert "2 bedrifter" in html
    card = html.split("Nordlaks AS", 1)[1].split("</article>", 1)[0]
    assert "Bodø · 400 ansatte" in card
    assert "Godkjent lærebedrift for" in card and "<li>Akvakulturfaget</li>" in card
    assert f'href="/ansatt/organisasjoner/{world.salmon.orgnr}/"' in html
    english = client.get("/en/ansatt/kartlegging/", {"q": "nordlaks"}).content.decode()
    assert "400 employees" in english and "Approved training company for" in english
