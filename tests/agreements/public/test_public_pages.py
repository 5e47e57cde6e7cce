import datetime

import pytest

from agreements.models import Agreement, oslo_today
from orgs.models import Organisation
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    CooperationTypeFactory,
    CountyFactory,
    MunicipalityFactory,
    ProgrammeAreaFactory,
    SchoolFactory,
    TradeFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def meloy():
    """Meløy videregående skole and Grytåga settefisk AS with one agreement in each state."""
    school = SchoolFactory(name="Meløy videregående skole")
    company = CompanyFactory(name="Grytåga settefisk AS")
    area = ProgrammeAreaFactory()
    trade = TradeFactory()
    yff = CooperationTypeFactory()
    today = oslo_today()
    common = dict(
        schools=[school],
        partners=[company],
        programme_areas=[area],
        trades=[trade],
        cooperation_types=[yff],
    )
    agreements = {
        "public": AgreementFactory(title="Offentlig avtale", **common),
        "upcoming": AgreementFactory(
            title="Kommende avtale", valid_from=today + DAY, valid_to=today + 300 * DAY, **common
        ),
        "draft": AgreementFactory(title="Utkast", status=Agreement.Status.DRAFT, **common),
        "withdrawn": AgreementFactory(
            title="Trukket avtale", status=Agreement.Status.WITHDRAWN, **common
        ),
        "expired": AgreementFactory(
            title="Utløpt avtale",
            valid_from=today - 400 * DAY,
            valid_to=today - DAY,
            **common,
        ),
    }
    return school, company, area, trade, agreements


HIDDEN = ["Utkast", "Trukket avtale", "Utløpt avtale"]


def assert_shows_only_public(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert "Offentlig avtale" in html
    assert "Kommende avtale" in html
    for title in HIDDEN:
        assert title not in html
    assert "2 offentlige avtaler" in html


def test_front_page_search_finds_the_company(client, meloy):
    response = client.get("/", {"q": "grytåga"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'/bedrifter/{meloy[1].orgnr}/"' in html
    assert "2 avtaler" in html  # the public count: drafts, withdrawn and expired not counted


def test_front_page_search_by_organisation_number_and_subjects(client, meloy):
    school, company, area, trade, _ = meloy
    html = client.get("/", {"q": school.orgnr}).content.decode()
    assert school.get_absolute_url() in html
    html = client.get("/", {"q": "akvakultur"}).content.decode()
    assert area.get_absolute_url() in html and trade.get_absolute_url() in html


def test_front_page_search_without_hits_says_so(client, meloy):
    html = client.get("/", {"q": "finnes ikke"}).content.decode()
    assert "Ingen treff" in html


def test_front_page_counts_only_public_agreements(client, meloy):
    html = client.get("/").content.decode()
    assert "2 offentlige avtaler" in html


def test_company_page(client, meloy):
    school, company, area, trade, _ = meloy
    company.approved_trades.add(trade)
    response = client.get(f"/bedrifter/{company.orgnr}/")
    assert_shows_only_public(response)
    html = response.content.decode()
    assert school.get_absolute_url() in html
    assert area.get_absolute_url() in html
    assert "Godkjent lærebedrift for" in html
    assert "Kommende" in html  # the upcoming badge


def test_school_page(client, meloy):
    school, company, area, trade, _ = meloy
    school.programme_areas.add(area)
    response = client.get(f"/skoler/{school.orgnr}/")
    assert_shows_only_public(response)
    assert "Har samarbeidsbedrifter" in response.content.decode()


def test_programme_area_page(client, meloy):
    school, company, area, trade, _ = meloy
    response = client.get(f"/programomrader/{area.code}/")
    assert_shows_only_public(response)
    html = response.content.decode()
    assert company.get_absolute_url() in html and school.get_absolute_url() in html


def test_trade_page(client, meloy):
    school, company, area, trade, _ = meloy
    response = client.get(f"/larefag/{trade.code}/")
    assert_shows_only_public(response)


def test_programme_area_page_does_not_list_parties_of_hidden_agreements(client, meloy):
    area = meloy[2]
    hidden_company = CompanyFactory(name="Bare i utkast AS")
    AgreementFactory(
        status=Agreement.Status.DRAFT, partners=[hidden_company], programme_areas=[area]
    )
    html = client.get(f"/programomrader/{area.code}/").content.decode()
    assert "Bare i utkast AS" not in html


def test_school_and_company_urls_redirect_to_the_right_kind(client, meloy):
    school, company = meloy[0], meloy[1]
    response = client.get(f"/skoler/{company.orgnr}/")
    assert response.status_code == 301 and response.url == f"/bedrifter/{company.orgnr}/"
    response = client.get(f"/bedrifter/{school.orgnr}/")
    assert response.status_code == 301 and response.url == f"/skoler/{school.orgnr}/"


def test_agreement_detail_is_public_only_for_public_agreements(client, meloy):
    agreements = meloy[4]
    for key in ("public", "upcoming"):
        assert client.get(f"/avtaler/{agreements[key].pk}/").status_code == 200
    for key in ("draft", "withdrawn", "expired"):
        response = client.get(f"/avtaler/{agreements[key].pk}/")
        assert response.status_code == 404
        assert "Vi fant ikke siden" in response.content.decode()


def test_agreement_detail_hides_staff_only_fields(client, meloy):
    agreement = meloy[4]["public"]
    agreement.contact_persons = "Kari Nordmann, 99 99 99 99, kari@example.no"
    agreement.save()
    html = client.get(f"/avtaler/{agreement.pk}/").content.decode()
    assert "Kari Nordmann" not in html and "kari@example.no" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/skoler/123/",
        "/skoler/942110465/",  # fails MOD11
        "/skoler/974760673/",  # valid, but not in the registry
        "/bedrifter/abcdefghi/",
        "/bedrifter/974760673/",
        "/programomrader/FINNESIKKE/",
        "/larefag/FINNESIKKE/",
        "/avtaler/999999/",
        "/avtaler/abc/",
    ],
)
def test_unknown_or_malformed_keys_give_a_friendly_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Vi fant ikke siden" in html
    assert 'name="q"' in html  # a way on: the search form


def test_html_in_text_is_shown_as_text(client):
    AgreementFactory(title="<script>alert(1)</script>", purpose="<b>fet</b>")
    html = client.get("/avtaler/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


class TestAgreementFilters:
    @pytest.fixture
    def world(self):
        nordland = CountyFactory(number="18", name="Nordland")
        trondelag = CountyFactory(number="50", name="Trøndelag")
        meloy = MunicipalityFactory(number="1837", name="Meløy", county=nordland)
        trondheim = MunicipalityFactory(number="5001", name="Trondheim", county=trondelag)
        aqua = ProgrammeAreaFactory(code="NAAKV2----", title_nb="Akvakultur")
        health = ProgrammeAreaFactory(code="HSHEA2----", title_nb="Helsearbeiderfag")
        aqua_trade = TradeFactory(code="NAAKV3----", title_nb="Akvakulturfaget")
        yff = CooperationTypeFactory(slug="yff", name_nb="YFF")
        visit = CooperationTypeFactory(slug="bedriftsbesok", name_nb="Bedriftsbesøk")
        AgreementFactory(
            title="Fisk i Meløy",
            schools=[SchoolFactory(municipality=meloy)],
            partners=[CompanyFactory(name="Grytåga settefisk AS", municipality=meloy)],
            programme_areas=[aqua],
            trades=[aqua_trade],
            cooperation_types=[yff],
        )
        AgreementFactory(
            title="Helse i Trondheim",
            schools=[SchoolFactory(municipality=trondheim)],
            partners=[CompanyFactory(name="St. Olavs hospital HF", municipality=trondheim)],
            programme_areas=[health],
            cooperation_types=[visit, yff],
        )
        AgreementFactory(
            title="Utkast i Trondheim",
            status=Agreement.Status.DRAFT,
            schools=[SchoolFactory(municipality=trondheim)],
            programme_areas=[health],
        )

    @pytest.mark.parametrize(
        "params, expected",
        [
            ({}, {"Fisk i Meløy", "Helse i Trondheim"}),
            ({"fylke": "18"}, {"Fisk i Meløy"}),
            ({"fylke": "50"}, {"Helse i Trondheim"}),
            ({"kommune": "5001"}, {"Helse i Trondheim"}),
            ({"programomrade": "NAAKV2----"}, {"Fisk i Meløy"}),
            ({"larefag": "NAAKV3----"}, {"Fisk i Meløy"}),
            ({"samarbeidsform": "yff"}, {"Fisk i Meløy", "Helse i Trondheim"}),
            ({"samarbeidsform": "bedriftsbesok"}, {"Helse i Trondheim"}),
            ({"q": "GRYTÅGA"}, {"Fisk i Meløy"}),
            ({"q": "olavs helse"}, {"Helse i Trondheim"}),
            ({"q": "utkast"}, set()),
            ({"fylke": "50", "samarbeidsform": "yff", "q": "helse"}, {"Helse i Trondheim"}),
        ],
    )
    def test_filters(self, client, world, params, expected):
        response = client.get("/avtaler/", params)
        assert response.status_code == 200
        shown = {a.title for a in response.context["page"].object_list}
        assert shown == expected

    def test_unknown_filter_value_gets_a_clear_message(self, client, world):
        response = client.get("/avtaler/", {"fylke": "99"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "field-error" in html
        assert "Noen av filtrene" in html

    def test_filters_are_kept_in_the_paging_links(self, client, world, settings):
        settings.PUBLIC_PAGE_SIZE = 1
        html = client.get("/avtaler/", {"samarbeidsform": "yff"}).content.decode()
        assert 'href="?samarbeidsform=yff&amp;side=2"' in html
        page2 = client.get("/avtaler/", {"samarbeidsform": "yff", "side": "2"})
        assert page2.context["page"].number == 2

    def test_each_filter_list_offers_its_empty_choice_once(self, client, world):
        html = client.get("/avtaler/").content.decode()
        for name in ("fylke", "kommune", "programomrade", "larefag", "samarbeidsform"):
            select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
            assert select.count('value=""') == 1, name


class TestConstantQueries:
    """Every public page runs the same number of queries with 3 and with 30 agreements."""

    @pytest.fixture
    def pages(self, settings):
        settings.PUBLIC_PAGE_SIZE = 50
        school = SchoolFactory(name="Meløy videregående skole")
        company = CompanyFactory(name="Grytåga settefisk AS")
        area = ProgrammeAreaFactory()
        trade = TradeFactory()
        school.programme_areas.add(area)
        company.approved_trades.add(trade)

        def add(n):
            for _ in range(n):
                AgreementFactory(
                    schools=[school, SchoolFactory()],
                    partners=[company, CompanyFactory()],
                    programme_areas=[
                        area,
                        ProgrammeAreaFactory(code=f"X{Organisation.objects.count()}"),
                    ],
                    trades=[trade],
                )

        urls = [
            "/",
            "/?q=meløy",
            "/avtaler/",
            "/avtaler/?samarbeidsform=yff&q=avtale&kommune=1837&fylke=18",
            f"/skoler/{school.orgnr}/",
            f"/bedrifter/{company.orgnr}/",
            f"/programomrader/{area.code}/",
            f"/larefag/{trade.code}/",
        ]
        return add, urls

    def test_same_count_for_3_and_30_agreements(self, client, pages):
        add, urls = pages
        add(3)
        first = agreement_detail_url = f"/avtaler/{Agreement.objects.first().pk}/"
        few = {url: page_queries(client, url) for url in [*urls, first]}
        add(27)
        assert Agreement.objects.public().count() == 30
        many = {url: page_queries(client, url) for url in [*urls, agreement_detail_url]}
        assert many == few
        assert max(many.values()) <= 10, many


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
