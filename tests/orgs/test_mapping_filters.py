"""The company mapping's filters: the cooperation filter is named for what it filters, and the
municipality list follows the county."""

import pytest

from tests.factories import MunicipalityFactory
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    MunicipalityFactory(number="1804", name="Bodø", county=world.meloy_school.municipality.county)
    return world


def label_of(html, name):
    return html.split(f'<label for="id_{name}">', 1)[1].split("</label>", 1)[0]


def test_the_cooperation_filter_is_not_called_cooperation_type(client, world):
    client.force_login(world.meloy_teacher)
    html = client.get("/ansatt/kartlegging/").content.decode()
    assert label_of(html, "samarbeid") == "Samarbeid med skoler"
    form = html.split('class="filters__form"', 1)[1].split("</form>", 1)[0]
    assert "Samarbeidsform" not in form
    cooperation = html.split('name="samarbeid"', 1)[1].split("</select>", 1)[0]
    assert "Samarbeider med skolen min" in cooperation


def test_the_cooperation_filter_label_in_english(client, world):
    client.force_login(world.meloy_teacher)
    html = client.get("/en/ansatt/kartlegging/").content.decode()
    assert label_of(html, "samarbeid") == "Cooperation with schools"


def test_the_municipality_list_follows_the_county(client, world):
    client.force_login(world.meloy_teacher)
    html = client.get("/ansatt/kartlegging/", {"fylke": "50"}).content.decode()
    municipalities = html.split('name="kommune"', 1)[1].split("</select>", 1)[0]
    assert 'value="5001"' in municipalities
    assert 'value="1837"' not in municipalities and 'value="1804"' not in municipalities


def test_a_municipality_of_another_county_is_dropped(client, world):
    client.force_login(world.meloy_teacher)
    response = client.get("/ansatt/kartlegging/", {"fylke": "50", "kommune": "1837"})
    html = response.content.decode()
    assert "Meløy ligger ikke i Trøndelag, så kommunefilteret er tatt bort." in html
    # The county alone is still a criterion: companies in Trøndelag are listed.
    assert response.context["page"] is not None
    names = [o.name for o in response.context["page"].object_list]
    assert "Grytåga settefisk AS" not in names
