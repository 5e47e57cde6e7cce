"""The county and municipality filters of /avtaler/: the municipality list follows the county
without JavaScript, and the filters fold behind one button on a phone."""

import json

import pytest

from tests.factories import AgreementFactory, CountyFactory, MunicipalityFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    nordland = CountyFactory(number="18", name="Nordland")
    trondelag = CountyFactory(number="50", name="Trøndelag")
    meloy = MunicipalityFactory(number="1837", name="Meløy", county=nordland)
    MunicipalityFactory(number="1804", name="Bodø", county=nordland)
    trondheim = MunicipalityFactory(number="5001", name="Trondheim", county=trondelag)
    AgreementFactory(title="Fisk i Meløy", schools=[SchoolFactory(municipality=meloy)])
    AgreementFactory(title="Helse i Trondheim", schools=[SchoolFactory(municipality=trondheim)])


def select(html, name):
    return html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]


def titles(response):
    return {a.title for a in response.context["page"].object_list}


def test_without_a_county_every_municipality_is_listed_grouped_by_county(client, world):
    html = client.get("/avtaler/").content.decode()
    municipalities = select(html, "kommune")
    assert '<optgroup label="Nordland">' in municipalities
    assert '<optgroup label="Trøndelag">' in municipalities
    for number in ("1837", "1804", "5001"):
        assert f'value="{number}"' in municipalities


def test_with_a_county_only_its_municipalities_are_listed(client, world):
    response = client.get("/avtaler/", {"fylke": "18"})
    municipalities = select(response.content.decode(), "kommune")
    assert "<optgroup" not in municipalities
    assert 'value="1837"' in municipalities and 'value="1804"' in municipalities
    assert 'value="5001"' not in municipalities
    assert municipalities.count('value=""') == 1  # "Alle kommuner" stays first


def test_the_script_gets_every_municipality_to_follow_a_new_county(client, world):
    html = client.get("/avtaler/", {"fylke": "18"}).content.decode()
    tag = html.split('<select name="kommune"', 1)[1].split(">", 1)[0]
    assert 'data-regions="regions-data"' in tag and 'data-county-field="fylke"' in tag
    start = '<script id="regions-data" type="application/json">'
    data = json.loads(html.split(start, 1)[1].split("</script>", 1)[0])
    assert ["50", "Trøndelag", [["5001", "Trondheim"]]] in data
    assert 'src="/static/js/filters.js"' in html


def test_a_municipality_of_another_county_is_dropped_and_the_page_says_so(client, world):
    response = client.get("/avtaler/", {"fylke": "18", "kommune": "5001"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trondheim ligger ikke i Nordland, så kommunefilteret er tatt bort." in html
    assert "Noen av filtrene" not in html  # not an error: the county filter still applies
    assert titles(response) == {"Fisk i Meløy"}
    assert 'value="5001"' not in select(html, "kommune")


def test_a_municipality_in_the_chosen_county_filters(client, world):
    response = client.get("/avtaler/", {"fylke": "50", "kommune": "5001"})
    assert titles(response) == {"Helse i Trondheim"}
    assert "kommunefilteret er tatt bort" not in response.content.decode()
    assert 'value="5001" selected' in select(response.content.decode(), "kommune")


def test_an_unknown_municipality_is_still_an_error(client, world):
    html = client.get("/avtaler/", {"fylke": "18", "kommune": "9999"}).content.decode()
    assert "Noen av filtrene" in html


def test_the_filters_fold_behind_one_button_that_counts_the_active_ones(client, world):
    html = client.get("/avtaler/").content.decode()
    assert '<details class="filters__panel">' in html
    assert '<summary class="filters__toggle">Filtrer</summary>' in html
    html = client.get("/avtaler/", {"fylke": "18", "q": "fisk", "side": "1"}).content.decode()
    assert 'Filtrer <span class="filters__count">(2 aktive)</span></summary>' in html
    html = client.get("/avtaler/", {"fylke": "18", "kommune": ""}).content.decode()
    assert "(1 aktivt)" in html
    # The form is inside the disclosure, before the results.
    assert html.index("filters__panel") < html.index('id="list-heading"')


def test_the_chosen_options_are_selected_and_names_escaped(client, world):
    MunicipalityFactory(number="1805", name='Bø & "Hov"', county=world_county("18"))
    html = client.get("/avtaler/", {"fylke": "18", "kommune": "1837"}).content.decode()
    assert '<option value="18" selected>Nordland</option>' in select(html, "fylke")
    municipalities = select(html, "kommune")
    assert '<option value="1837" selected>Meløy</option>' in municipalities
    assert '<option value="1804">Bodø</option>' in municipalities
    assert "Bø &amp; &quot;Hov&quot;" in municipalities
    assert municipalities.count(" selected") == 1


def world_county(number):
    from orgs.models import County

    return County.objects.get(number=number)
