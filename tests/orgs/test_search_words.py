"""The words table behind typo correction (orgs.models.SearchWord): filled by the database
from every write of an organisation's search column, however it is written, so a name saved
one by one, bulk-imported or renamed in bulk is found with a letter wrong."""

import pytest
from django.db import connection

from orgs.models import Organisation, SearchWord
from orgs.search import search_everything
from tests.factories import CompanyFactory, MunicipalityFactory, orgnr_for

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance is PostgreSQL's"),
]


def companies_found(query) -> list[str]:
    groups = {group.slug: group for group in search_everything(query)}
    return [organisation.name for organisation in groups["virksomheter"].results]


def test_a_saved_name_gives_its_long_words_not_short_ones_or_numbers():
    CompanyFactory(name="Bergheim Transport AS", orgnr="868609141")
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"bergheim", "transport"} <= words
    assert not words & {"as", "868609141"}


def test_a_typo_is_matched_as_the_stored_words_it_may_be_meant_as():
    CompanyFactory(name="Bergheim Transport AS")
    CompanyFactory(name="Fjordtransporten AS")
    CompanyFactory(name="Bergheim Bakeri AS")
    assert sorted(companies_found("transpott")) == ["Bergheim Transport AS", "Fjordtransporten AS"]
    assert companies_found("bergheim transpott") == ["Bergheim Transport AS"]


def test_a_bulk_insert_and_a_bulk_rename_are_found_with_a_typo():
    place = MunicipalityFactory(name="Steinkjer")
    Organisation.objects.bulk_create(
        [
            Organisation(
                orgnr=orgnr_for(9000 + n),
                name=name,
                kind=Organisation.Kind.COMPANY,
                municipality=place,
                **Organisation.search_columns(name, orgnr_for(9000 + n), place.name),
            )
            for n, name in enumerate(["Snåsavatnet kraftlag AS", "Ogndal sagbruk AS"])
        ]
    )
    assert SearchWord.objects.filter(word__in=["snasavatnet", "kraftlag", "steinkjer"]).count() == 3
    assert companies_found("kraftlaag") == ["Snåsavatnet kraftlag AS"]
    renamed = "Ogndal trelastlager AS"
    Organisation.objects.filter(name="Ogndal sagbruk AS").update(
        name=renamed, **Organisation.search_columns(renamed, orgnr_for(9001), place.name)
    )
    assert SearchWord.objects.filter(word="trelastlager").exists()
    assert companies_found("trelastlagr") == [renamed]
