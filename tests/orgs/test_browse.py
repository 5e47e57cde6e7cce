"""Browsing without a name (orgs/browse.py): the education programmes with their public
agreement counts, and a page per programme with its programme areas, trades and parties,
narrowed by ?fylke= and ?kommune=, which the programme area and trade pages keep."""

import datetime

import pytest
from django.template.loader import render_to_string

from agreements.models import Agreement, oslo_today
from orgs.browse import front_page_programmes, participants_of
from orgs.models import EducationProgramme
from registry.expressions import Ids
from registry.templatetags.cards import agreement_cards
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    CountyFactory,
    EducationProgrammeFactory,
    MunicipalityFactory,
    ProgrammeAreaFactory,
    SchoolFactory,
    TradeFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
HIDDEN_STATES = {
    "draft": {"status": Agreement.Status.DRAFT},
    "submitted": {"status": Agreement.Status.SUBMITTED},
    "withdrawn": {"status": Agreement.Status.WITHDRAWN},
    "expired": {"valid_from": oslo_today() - 400 * DAY, "valid_to": oslo_today() - DAY},
}


@pytest.fixture
def world():
    """Naturbruk (Vg1 Naturbruk, Vg2 Akvakultur leading to Akvakulturfaget) in Meløy, Nordland,
    and Helse- og oppvekstfag in Trondheim, Trøndelag; hidden agreements in every state."""
    w = type("World", (), {})()
    nordland = CountyFactory(number="18", name="Nordland")
    trondelag = CountyFactory(number="50", name="Trøndelag")
    w.meloy = MunicipalityFactory(number="1837", name="Meløy", county=nordland)
    w.bodo = MunicipalityFactory(number="1804", name="Bodø", county=nordland)
    w.trondheim = MunicipalityFactory(number="5001", name="Trondheim", county=trondelag)
    w.na = EducationProgrammeFactory(code="NA", title_nb="Naturbruk")
    w.hs = EducationProgrammeFactory(code="HS", title_nb="Helse- og oppvekstfag")
    w.empty = EducationProgrammeFactory(code="DT", title_nb="Håndverk, design og produktutvikling")
    w.vg1 = ProgrammeAreaFactory(
        code="NANAB1----", title_nb="Naturbruk", level="VG1", education_programme=w.na
    )
    w.aqua = ProgrammeAreaFactory(
        code="NAAKV2----", title_nb="Akvakultur", education_programme=w.na
    )
    w.health = ProgrammeAreaFactory(
        code="HSHEA2----", title_nb="Helsearbeiderfag", education_programme=w.hs
    )
    ProgrammeAreaFactory(
        code="DTDTH1----", title_nb="Design", level="VG1", education_programme=w.empty
    )
    w.aqua_trade = TradeFactory(code="NAAKV3----", title_nb="Akvakulturfaget")
    w.aqua_trade.programme_areas.add(w.aqua)
    w.health_trade = TradeFactory(code="HSHEA3----", title_nb="Helsearbeiderfaget")
    w.health_trade.programme_areas.add(w.health)

    w.meloy_school = SchoolFactory(name="Meløy videregående skole", municipality=w.meloy)
    w.grytaga = CompanyFactory(name="Grytåga settefisk AS", municipality=w.meloy)
    w.bodo_company = CompanyFactory(name="Bodø sjømat AS", municipality=w.bodo)
    w.strinda = SchoolFactory(name="Strinda videregående skole", municipality=w.trondheim)
    w.olavs = CompanyFactory(name="St. Olavs hospital HF", municipality=w.trondheim)
    # Naturbruk: through its Vg2 area, through the trade only, through both (counted once).
    AgreementFactory(
        title="Fisk i Meløy",
        schools=[w.meloy_school],
        partners=[w.grytaga],
        programme_areas=[w.aqua],
    )
    AgreementFactory(
        title="Lærling i Bodø",
        schools=[w.meloy_school],
        partners=[w.bodo_company],
        trades=[w.aqua_trade],
    )
    AgreementFactory(
        title="Både og",
        schools=[w.strinda],
        partners=[w.grytaga],
        programme_areas=[w.vg1, w.aqua],
        trades=[w.aqua_trade],
    )
    AgreementFactory(
        title="Helse i Trondheim",
        schools=[w.strinda],
        partners=[w.olavs],
        programme_areas=[w.health],
    )
    for state, fields in HIDDEN_STATES.items():
        AgreementFactory(
            title=f"Skjult ({state})",
            schools=[SchoolFactory(name=f"Skjult skole ({state})", municipality=w.meloy)],
            partners=[CompanyFactory(name=f"Skjult bedrift ({state})", municipality=w.meloy)],
            programme_areas=[w.aqua, w.health],
            trades=[w.aqua_trade],
            **fields,
        )
    return w


def counts(**region):
    found = EducationProgramme.objects.public_agreement_counts(**region)
    return {p.code: found.get(p.pk, 0) for p in EducationProgramme.objects.all()}


class TestCounts:
    def test_public_agreements_through_areas_and_trades_each_counted_once(self, world):
        assert Agreement.objects.count() == 4 + len(HIDDEN_STATES)
        assert counts() == {"NA": 3, "HS": 1, "DT": 0}

    def test_narrowed_to_the_owning_county(self, world):
        # "Både og" has Strinda as its first school, so Trøndelag owns it.
        assert counts(county="18") == {"NA": 2, "HS": 0, "DT": 0}
        assert counts(county="50") == {"NA": 1, "HS": 1, "DT": 0}

    def test_narrowed_to_a_municipality_of_any_party(self, world):
        # Grytåga in Meløy is party to "Både og", owned by Trøndelag.
        assert counts(municipality="1837") == {"NA": 3, "HS": 0, "DT": 0}
        assert counts(municipality="1804") == {"NA": 1, "HS": 0, "DT": 0}
        assert counts(county="50", municipality="1837") == {"NA": 1, "HS": 0, "DT": 0}

    def test_counted_in_one_grouped_query(self, world, django_assert_num_queries):
        with django_assert_num_queries(1):
            grouped = EducationProgramme.objects.public_agreement_counts(county="18")
        assert grouped == {world.na.pk: 2}  # none for a programme without any

    def test_front_page_programmes_in_two_queries(self, world, django_assert_num_queries):
        with django_assert_num_queries(2):
            programmes = front_page_programmes()
        assert {p.code: p.public_agreement_count for p in programmes} == {
            "HS": 1,
            "DT": 0,
            "NA": 3,
        }

    def test_the_front_page_partial(self, world):
        html = render_to_string(
            "public/_education_programmes.html", {"education_programmes": front_page_programmes()}
        )
        assert 'href="/utdanningsprogram/NA/"' in html
        assert "Utforsk utdanningsprogrammene" in html
        assert "3 avtaler" in html and "1 avtale<" in html and "0 avtaler" in html

    def test_participants_are_cut_to_the_most_active_with_their_totals(self, world):
        # Cut to those party to the most agreements (Grytåga and Meløy have two each), not
        # to the first by name: ranking from the parties alone reads only the rows shown.
        ids = Ids(EducationProgramme.objects.covering(world.na))
        found = participants_of(ids, shown=1, counted=True)
        assert [o.name for o in found.partners] == ["Grytåga settefisk AS"]
        assert [o.name for o in found.schools] == ["Meløy videregående skole"]
        assert (found.partner_count, found.school_count) == (2, 2)

    def test_participants_shown_by_name(self, world):
        found = participants_of(Ids(EducationProgramme.objects.covering(world.na)))
        assert [o.name for o in found.partners] == ["Bodø sjømat AS", "Grytåga settefisk AS"]
        assert [o.name for o in found.schools] == [
            "Meløy videregående skole",
            "Strinda videregående skole",
        ]
        assert (found.partner_count, found.school_count) == (0, 0)  # not counted


def page_html(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


class TestProgrammePage:
    def test_areas_by_level_trades_and_parties_of_public_agreements_only(self, client, world):
        html = page_html(client, "/utdanningsprogram/NA/")
        assert "<h1>Naturbruk</h1>" in html
        assert "3 offentlige avtaler dekker programområdene og lærefagene" in html
        vg1, vg2 = html.index("<h3>Vg1</h3>"), html.index("<h3>Vg2</h3>")
        assert vg1 < html.index('href="/programomrader/NANAB1----/"') < vg2
        assert vg2 < html.index('href="/programomrader/NAAKV2----/"')
        area = html.split('href="/programomrader/NAAKV2----/"', 1)[1].split("</li>", 1)[0]
        assert "2 avtaler" in area
        trade = html.split('href="/larefag/NAAKV3----/"', 1)[1].split("</li>", 1)[0]
        assert "2 avtaler" in trade
        assert "Helsearbeiderfag" not in html  # another programme's area
        for name in ("Grytåga settefisk AS", "Bodø sjømat AS", "Meløy videregående skole"):
            assert name in html
        assert "Strinda videregående skole" in html  # party of "Både og"
        assert "St. Olavs hospital HF" not in html  # only in Helse- og oppvekstfag
        assert "Skjult" not in html  # parties of drafts, submitted, withdrawn, expired

    def test_participants_with_their_totals(self, client, world):
        html = page_html(client, "/utdanningsprogram/NA/")
        assert 'Skoler <span class="muted">(2)</span>' in html
        assert 'samarbeidspartnere <span class="muted">(2)</span>' in html
        assert "med flest avtaler" not in html  # all shown, so no note that the list is cut
        partners = html.split('id="partners-heading"', 1)[1].split("</section>", 1)[0]
        assert partners.index("Bodø sjømat AS") < partners.index("Grytåga settefisk AS")

    def test_narrowed_by_county_and_the_links_keep_it(self, client, world):
        html = page_html(client, "/utdanningsprogram/NA/", {"fylke": "18"})
        assert "2 offentlige avtaler i Nordland" in html
        assert 'href="/programomrader/NAAKV2----/?fylke=18"' in html
        assert 'href="/larefag/NAAKV3----/?fylke=18"' in html
        assert "Strinda videregående skole" not in html  # "Både og" is Trøndelag's
        assert '<option value="18" selected>Nordland</option>' in html

    def test_narrowed_by_municipality(self, client, world):
        html = page_html(client, "/utdanningsprogram/NA/", {"fylke": "18", "kommune": "1804"})
        assert "1 offentlig avtale i Bodø" in html
        assert 'href="/larefag/NAAKV3----/?fylke=18&amp;kommune=1804"' in html
        assert "Bodø sjømat AS" in html and "Grytåga settefisk AS" not in html

    def test_a_programme_without_agreements(self, client, world):
        html = page_html(client, "/utdanningsprogram/DT/")
        assert "Ingen offentlige avtaler dekker dette utdanningsprogrammet ennå." in html
        assert 'href="/programomrader/DTDTH1----/"' in html  # its areas are still shown
        assert "schools-heading" not in html and "partners-heading" not in html

    def test_a_county_without_agreements(self, client, world):
        html = page_html(client, "/utdanningsprogram/HS/", {"fylke": "18"})
        assert "Ingen offentlige avtaler i Nordland dekker dette utdanningsprogrammet ennå." in html
        assert 'href="/utdanningsprogram/HS/">Se hele landet</a>' in html

    def test_an_unknown_county_is_ignored_and_the_field_says_so(self, client, world):
        response = client.get("/utdanningsprogram/NA/", {"fylke": "99", "kommune": "1804"})
        html = response.content.decode()
        error = html.split('id="id_fylke_error"', 1)[1].split("</p>", 1)[0]
        assert "Velg et gyldig valg" in error
        assert response.context["programme"].public_agreement_count == 1  # Bodø, all counties

    def test_a_municipality_of_another_county_is_dropped_with_a_notice(self, client, world):
        html = page_html(client, "/utdanningsprogram/NA/", {"fylke": "50", "kommune": "1837"})
        assert "Meløy ligger ikke i Trøndelag, så kommunefilteret er tatt bort." in html
        assert "1 offentlig avtale i Trøndelag" in html
        assert "kommune=" not in html.split("areas-heading", 1)[1]

    def test_an_unknown_code_is_404(self, client, world):
        response = client.get("/utdanningsprogram/FINNESIKKE/")
        assert response.status_code == 404
        assert "Vi fant ikke siden" in response.content.decode()

    def test_html_in_names_is_shown_as_text(self, client, world):
        world.grytaga.name = "<script>alert(1)</script>"
        world.grytaga.save()
        EducationProgramme.objects.filter(pk=world.na.pk).update(title_nb="<b>Naturbruk</b>")
        html = page_html(client, "/utdanningsprogram/NA/")
        assert "<script>alert(1)</script>" not in html and "<b>Naturbruk</b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_english_titles(self, client, world):
        html = page_html(client, "/en/utdanningsprogram/NA/")
        assert "Agriculture, fishing and forestry" in html
        assert "3 public agreements cover its programme areas and trades." in html


class TestSubjectPagesKeepTheRegion:
    def test_programme_area_page_narrowed_by_county(self, client, world):
        response = client.get("/programomrader/NAAKV2----/", {"fylke": "18"})
        assert {a.title for a in response.context["page"].object_list} == {"Fisk i Meløy"}
        html = response.content.decode()
        assert 'href="/utdanningsprogram/NA/?fylke=18"' in html  # back, keeping it
        assert '<option value="18" selected>Nordland</option>' in html
        assert "Strinda videregående skole" not in html

    def test_trade_page_narrowed_by_municipality(self, client, world):
        response = client.get("/larefag/NAAKV3----/", {"kommune": "1804"})
        assert {a.title for a in response.context["page"].object_list} == {"Lærling i Bodø"}
        assert response.context["region_name"] == "Bodø"  # from the lists grouped by county
        html = response.content.decode()
        assert 'href="/programomrader/NAAKV2----/?kommune=1804"' in html
        assert "Grytåga settefisk AS" not in html

    def test_a_county_with_none_says_so(self, client, world):
        html = page_html(client, "/programomrader/HSHEA2----/", {"fylke": "18"})
        assert "Ingen offentlige avtaler dekker dette i Nordland ennå." in html

    def test_bad_values_are_ignored_with_a_message(self, client, world):
        response = client.get("/larefag/NAAKV3----/", {"fylke": "<b>x</b>"})
        assert len(response.context["page"].object_list) == 2
        html = response.content.decode()
        assert 'id="id_fylke_error"' in html and "<b>x</b>" not in html

    def test_without_a_region_as_before(self, client, world):
        response = client.get("/programomrader/NAAKV2----/")
        assert {a.title for a in response.context["page"].object_list} == {
            "Fisk i Meløy",
            "Både og",
        }
        assert 'href="/utdanningsprogram/NA/"' in response.content.decode()


class TestSubjectAgreements:
    def test_covering_a_programme_area_or_a_trade(self, world):
        public = Agreement.objects.public()
        assert {a.title for a in public.covering(world.aqua)} == {"Fisk i Meløy", "Både og"}
        assert {a.title for a in public.covering(world.aqua_trade)} == {"Lærling i Bodø", "Både og"}
        assert {a.title for a in public.covering(world.health)} == {"Helse i Trondheim"}

    def test_the_count_comes_from_the_ids_read_first(self, client, world):
        response = client.get("/larefag/NAAKV3----/")
        assert response.context["page"].paginator.count == 2
        assert "2 offentlige avtaler" in response.content.decode()

    def test_cards_read_narrow_rows_and_draw_the_same(self, world):
        agreements = Agreement.objects.public()
        narrow = agreement_cards(agreements.for_cards())
        assert narrow == agreement_cards(agreements.for_listing())
        assert "Grytåga settefisk AS" in narrow and "Akvakulturfaget" in narrow


def test_constant_queries_however_many_rows(client, world, settings):
    settings.PUBLIC_PAGE_SIZE = 50
    urls = [
        "/",  # the programmes' counts
        "/utdanningsprogram/NA/",
        "/utdanningsprogram/NA/?fylke=18&kommune=1837",
        "/utdanningsprogram/DT/?fylke=99",
        "/programomrader/NAAKV2----/?fylke=18&kommune=1837",
        "/larefag/NAAKV3----/?fylke=18",
    ]

    def add(n):
        for i in range(n):
            area = ProgrammeAreaFactory(
                code=f"NAX{Agreement.objects.count()}{i}", education_programme=world.na
            )
            trade = TradeFactory(code=f"NAT{Agreement.objects.count()}{i}")
            trade.programme_areas.add(area, world.aqua)
            AgreementFactory(
                schools=[world.meloy_school, SchoolFactory(municipality=world.meloy)],
                partners=[world.grytaga, CompanyFactory(municipality=world.bodo)],
                programme_areas=[world.aqua, area],
                trades=[world.aqua_trade, trade],
            )

    few = {url: page_queries(client, url) for url in urls}
    add(20)
    many = {url: page_queries(client, url) for url in urls}
    assert many == few
    assert max(many.values()) <= 10, many
