"""The public search: groups with counts, "show all" paged, the ranking's tiebreak, the
suggestions, the same search on /avtaler/ and the staff pages, and bad input."""

import importlib
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from orgs.models import Organisation
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    MunicipalityFactory,
    ProgrammeAreaFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meloy():
    meloy = MunicipalityFactory(number="1837", name="Meløy")
    school = SchoolFactory(name="Meløy videregående skole", municipality=meloy)
    company = CompanyFactory(name="Grytåga settefisk AS", municipality=meloy)
    AgreementFactory(title="Akvakultur i Meløy", schools=[school], partners=[company])
    return school, company


def groups(client, query) -> dict:
    response = client.get("/", {"q": query})
    assert response.status_code == 200
    return {group.slug: group for group in response.context["groups"]}


def test_each_group_has_its_count_and_the_first_results(client, meloy):
    school, company = meloy
    found = groups(client, "meloy")
    assert found["skoler"].count == 1 and found["skoler"].results == [school]
    assert found["virksomheter"].count == 1 and found["virksomheter"].results == [company]
    html = client.get("/", {"q": "meloy"}).content.decode()
    assert 'Skoler <span class="count">(1)</span>' in html
    assert "1 avtale" in html  # the public agreement count of each organisation shown


def test_show_all_leads_to_the_whole_group_paged(client, settings):
    settings.PUBLIC_PAGE_SIZE = 4
    for i in range(9):
        CompanyFactory(name=f"Fjordbygg {i} AS")
    found = groups(client, "fjordbygg")
    assert found["virksomheter"].count == 9 and len(found["virksomheter"].results) == 5
    html = client.get("/", {"q": "fjordbygg"}).content.decode()
    assert "/sok/?q=fjordbygg&amp;gruppe=virksomheter" in html
    assert "Vis alle 9" in html
    first = client.get("/sok/", {"q": "fjordbygg", "gruppe": "virksomheter"})
    last = client.get("/sok/", {"q": "fjordbygg", "gruppe": "virksomheter", "side": 3})
    assert len(first.context["page"].object_list) == 4
    assert [o.name for o in last.context["page"].object_list] == ["Fjordbygg 8 AS"]
    assert "Side 3 av 3" in last.content.decode()


def test_an_unknown_group_goes_back_to_the_front_page(client):
    response = client.get("/sok/", {"q": "x y", "gruppe": "ukjent"})
    assert response.status_code == 302 and response.url == "/?q=x+y"


def test_exact_name_then_name_start_then_words_then_the_rest(client):
    inside = CompanyFactory(name="Oppdrettsfisk Nord AS")
    words = CompanyFactory(name="Nord Fisk AS")
    start = CompanyFactory(name="Fisk Nord Holding AS")
    exact = CompanyFactory(name="Fisk Nord")
    assert groups(client, "fisk nord")["virksomheter"].results == [exact, start, words, inside]


def test_among_equals_those_with_public_agreements_come_first(client):
    school = SchoolFactory()
    quiet = CompanyFactory(name="Bakeri Alfa AS")
    drafted = CompanyFactory(name="Bakeri Beta AS")
    busy = CompanyFactory(name="Bakeri Gamma AS")
    AgreementFactory(schools=[school], partners=[busy])
    AgreementFactory(schools=[school], partners=[drafted], status=Agreement.Status.DRAFT)
    assert groups(client, "bakeri")["virksomheter"].results == [busy, quiet, drafted]


def test_programme_areas_and_trades_are_their_own_groups(client):
    area = ProgrammeAreaFactory(title_nb="Helse- og oppvekstfag", code="HSHSF1----")
    found = groups(client, "helse og oppvekst")
    assert found["programomrader"].results == [area] and found["programomrader"].count == 1


def test_suggestions_as_json(client, meloy):
    school, company = meloy
    response = client.get("/sok/forslag/", {"q": "grytaga"})
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "label": "Grytåga settefisk AS",
            "detail": "Meløy",
            "url": company.get_absolute_url(),
            "group": "Bedrifter og andre organisasjoner",
        }
    ]
    assert client.get("/sok/forslag/", {"q": "g"}).json() == {"results": []}


def test_the_agreement_list_searches_the_same_way(client, meloy):
    html = client.get("/avtaler/", {"q": "grytaga meloy vgs"}).content.decode()
    assert "Akvakultur i Meløy" in html


def test_the_agreement_list_takes_a_query_of_short_words_only(client, meloy):
    # "as" ends most company names; agreements have no name column of their own (the load
    # benchmark found this answered 500).
    response = client.get("/avtaler/", {"q": "as"})
    assert response.status_code == 200
    assert "Akvakultur i Meløy" in response.content.decode()  # Grytåga settefisk AS is a party
    assert client.get("/avtaler/", {"q": "zq"}).status_code == 200


def test_party_suggestions_on_the_agreement_form_search_the_same_way(client, meloy):
    from tests.staff_world import build_world

    world = build_world()
    client.force_login(world.strinda_teacher)
    response = client.get("/ansatt/organisasjoner/forslag/", {"q": "meloy vgs"})
    assert [r["name"] for r in response.json()["results"]][0] == "Meløy videregående skole"


BAD_QUERIES = [
    "",
    "   ",
    "x" * 10_000,
    "!!! ??? ...",
    "bygg\x00as",
    "'; DROP TABLE orgs_organisation; --",
    "<script>alert(1)</script>",
    "%",
    "_",
    "\\",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("url", ["/", "/sok/?gruppe=skoler&", "/sok/forslag/?", "/avtaler/?"])
def test_bad_input_gives_a_page_not_an_error(client, meloy, url, query):
    path, _, rest = url.partition("?")
    params = dict(p.split("=") for p in rest.split("&") if p)
    response = client.get(path, {**params, "q": query}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert Organisation.objects.filter(pk=meloy[1].pk).exists()


def test_invalid_utf8_in_the_query_string(client, meloy):
    response = client.get("/", QUERY_STRING="q=%ff%fe%fd")
    assert response.status_code == 200


def test_html_in_the_query_is_shown_as_text(client):
    html = client.get("/", {"q": "<b>bold</b>"}).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold</b>" not in html


def test_only_punctuation_says_what_to_type(client):
    html = client.get("/", {"q": "!!!"}).content.decode()
    assert "Skriv et navn, et sted, et lærefag eller et organisasjonsnummer" in html


def test_the_search_pages_run_the_same_queries_for_few_and_many_hits(client, meloy):
    urls = ["/?q=meloy", "/sok/?q=meloy&gruppe=virksomheter", "/sok/forslag/?q=meloy"]

    def counts():
        cache.clear()  # the front page's total is cached: count it each time
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    few = counts()
    meloy_municipality = meloy[0].municipality
    for i in range(12):
        company = CompanyFactory(name=f"Meløy handel {i} AS", municipality=meloy_municipality)
        AgreementFactory(schools=[meloy[0]], partners=[company])
    assert counts() == few
    assert max(few) <= 10


def test_a_long_query_or_a_nul_byte_is_not_echoed_back(client):
    html = client.get("/", {"q": "z" * 10_000}).content.decode()
    assert f'name="q" value="{"z" * 200}"' in html and f"«{'z' * 200}»" in html
    html = client.get("/", {"q": "bygg\x00as"}).content.decode()
    assert "\x00" not in html and "byggas" in html


def test_the_school_search_index_covers_every_school_kind():
    """The partial trigram index of schools is only used when its condition is the search's
    school group: a new school kind must come with a migration that rebuilds it."""
    schools = importlib.import_module("orgs.migrations.0009_school_search_trgm").SCHOOLS
    assert sorted(re.findall(r"'(\w+)'", schools)) == sorted(Organisation.SCHOOL_KINDS)


def test_a_query_that_finds_something_never_asks_about_typos(client, meloy):
    with CaptureQueriesContext(connection) as queries:
        assert groups(client, "grytåga settefisk")["virksomheter"].count == 1
    organisation_sql = [q["sql"] for q in queries if "orgs_organisation" in q["sql"]]
    assert organisation_sql and not any("found_" in sql for sql in organisation_sql)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance is PostgreSQL's")
def test_only_a_word_found_nowhere_is_forgiven_a_letter(client, meloy):
    CompanyFactory(name="Nordland settefiske AS")
    # "settefiske" is in a name, "grytaga" in another: no typo, and no name holds both.
    assert groups(client, "grytaga settefiske")["virksomheter"].count == 0
    assert [o.name for o in groups(client, "grytaga settefiskk")["virksomheter"].results] == [
        "Grytåga settefisk AS"
    ]
    assert [o.name for o in groups(client, "settefiskk")["virksomheter"].results] == [
        "Grytåga settefisk AS",
        "Nordland settefiske AS",
    ]
