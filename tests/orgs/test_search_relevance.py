"""What a student types on the front page, and what must come out among the first three.

Table-driven, on the demo data (manage.py load_demo_data) through the real front page. The
queries are typed the way people type: without æ, ø and å, with abbreviations (vgs, avd.), words
swapped, a place instead of a name, an organisation number with spaces, a letter wrong.
TYPED works on both databases (folding and abbreviations are the same Python on both);
TYPOS need PostgreSQL's trigrams (README, "Search").
"""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

from orgs.models import Organisation

# (typed, group, expected among the group's first three)
TYPED = [
    ("Meloy", "skoler", "Meløy videregående skole"),
    ("meløy vgs", "skoler", "Meløy videregående skole"),
    ("Meløy VGS", "skoler", "Meløy videregående skole"),
    ("meloy videregaende", "skoler", "Meløy videregående skole"),
    ("meloy videregaende skole", "skoler", "Meløy videregående skole"),
    ("videregående meløy", "skoler", "Meløy videregående skole"),
    ("Grytaga", "virksomheter", "Grytåga settefisk AS"),
    ("grytåga settefisk", "virksomheter", "Grytåga settefisk AS"),
    ("GRYTAGA SETTEFISK AS", "virksomheter", "Grytåga settefisk AS"),
    ("settefisk grytaga", "virksomheter", "Grytåga settefisk AS"),
    ("settefisk meløy", "virksomheter", "Grytåga settefisk AS"),
    ("settefisk meloy", "virksomheter", "Grytåga settefisk AS"),
    ("strinda", "skoler", "Strinda videregående skole"),
    ("Strinda vgs", "skoler", "Strinda videregående skole"),
    ("byasen vgs", "skoler", "Byåsen videregående skole"),
    ("arstad", "skoler", "Årstad videregående skole"),
    ("asane videregaende", "skoler", "Åsane videregående skole"),
    ("austevoll vgs", "skoler", "Austevoll vidaregåande skule"),
    ("voss vidaregaande", "skoler", "Voss vidaregåande skule"),
    ("vest lofoten", "skoler", "Vest-Lofoten videregående skole"),
    ("mosjoen vgs", "skoler", "Mosjøen videregående skole"),
    ("Cissi Klein", "skoler", "Cissi Klein videregående skole"),
    ("tomrer", "larefag", "Tømrerfaget"),
    ("Tomrer", "programomrader", "Tømrer"),
    ("helse og oppvekst", "programomrader", "Helse- og oppvekstfag"),
    ("helse- og oppvekstfag", "programomrader", "Helse- og oppvekstfag"),
    ("restaurant og matfag", "programomrader", "Restaurant- og matfag"),
    ("akvakultur", "programomrader", "Akvakultur"),
    ("akvakulturfaget", "larefag", "Akvakulturfaget"),
    ("elektro og data", "programomrader", "Elektro og datateknologi"),
    ("leroy seafood", "virksomheter", "Lerøy Seafood Group ASA"),
    ("Leroy midt", "virksomheter", "Lerøy Midt AS"),
    ("kvaroy", "virksomheter", "Kvarøy Fiskeoppdrett AS"),
    ("masoval", "virksomheter", "Måsøval Fiskeoppdrett AS"),
    ("Celsa armeringsstal", "virksomheter", "Celsa Armeringsstål AS"),
    ("heroya", "virksomheter", "Herøya Industripark AS"),
    ("Veidekke entreprenor", "virksomheter", "Veidekke Entreprenør AS"),
    ("equinor", "virksomheter", "Equinor ASA"),
    ("Hydro Aluminium Karmøy", "virksomheter", "Hydro Aluminium AS avd. Karmøy"),
    ("hydro aluminium avdeling karmoy", "virksomheter", "Hydro Aluminium AS avd. Karmøy"),
    ("aker solutions avd stord", "virksomheter", "Aker Solutions AS avd. Stord"),
    ("Bertel O Steen", "virksomheter", "Bertel O. Steen AS"),
    ("Sinkaberg Hansen", "virksomheter", "Sinkaberg-Hansen AS"),
    ("Trondheim kommune opplæringskontor", "virksomheter", "Trondheim kommune opplæringskontoret"),
    ("opplaeringskontoret trondheim", "virksomheter", "Trondheim kommune opplæringskontoret"),
]
# Organisation numbers, with and without the spaces people copy them with.
NUMBERS = ["Grytåga settefisk AS", "Strinda videregående skole", "Equinor ASA"]
# One letter wrong in a long word: PostgreSQL's trigram similarity.
TYPOS = [
    ("Grytåja", "virksomheter", "Grytåga settefisk AS"),
    ("grytaja settefisk", "virksomheter", "Grytåga settefisk AS"),
    ("meløy videregånde", "skoler", "Meløy videregående skole"),
    ("Strinda videregånde", "skoler", "Strinda videregående skole"),
    ("Charlottenlun", "skoler", "Charlottenlund videregående skole"),
    ("Skjetlien", "skoler", "Skjetlein videregående skole"),
    ("akvakulur", "programomrader", "Akvakultur"),
    ("Multikonsult", "virksomheter", "Multiconsult Norge AS"),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", verbosity=0)
        yield
        transaction.set_rollback(True)


def first_three(client, typed) -> dict[str, list[str]]:
    cache.clear()  # the groups are read from the page's context: rendered, not from the cache
    response = client.get("/", {"q": typed})
    assert response.status_code == 200
    return {
        group.slug: [getattr(hit, "name", None) or hit.title_nb for hit in group.results[:3]]
        for group in response.context["groups"]
    }


def misses(client, table) -> list[str]:
    found = []
    for typed, group, expected in table:
        shown = first_three(client, typed)[group]
        if expected not in shown:
            found.append(f"{typed!r}: expected {expected!r} in {group}, got {shown}")
    return found


@pytest.mark.django_db
def test_typed_queries_find_the_obvious_result(client, demo):
    assert misses(client, TYPED) == []


@pytest.mark.django_db
def test_organisation_numbers_with_and_without_spaces(client, demo):
    table = []
    for name in NUMBERS:
        organisation = Organisation.objects.get(name=name)
        group = "skoler" if organisation.is_school else "virksomheter"
        number = organisation.orgnr
        table += [
            (number, group, name),
            (f"{number[:3]} {number[3:6]} {number[6:]}", group, name),
            (f"{number[:3]}.{number[3:6]}.{number[6:]}", group, name),
        ]
    assert misses(client, table) == []
    # The number is the very thing searched for: first, not just among three.
    number = Organisation.objects.get(name="Equinor ASA").orgnr
    assert first_three(client, number)["virksomheter"][0] == "Equinor ASA"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance is PostgreSQL's")
def test_one_letter_wrong_still_finds_it(client, demo):
    assert misses(client, TYPOS) == []


@pytest.mark.django_db
def test_the_exact_name_comes_first(client, demo):
    assert first_three(client, "Mowi ASA")["virksomheter"][0] == "Mowi ASA"
    assert set(first_three(client, "nordlaks")["virksomheter"][:2]) == {
        "Nordlaks Oppdrett AS",
        "Nordlaks Produkter AS",
    }
