"""Counties and municipalities as reference data the project ships (orgs/regions.py, KLASS 104
and 131 in orgs/data/): counts, former numbers, idempotence, merging rows left under a former
number, and KLASS's names."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import CountyRoutine
from orgs.models import County, Municipality
from orgs.regions import (
    Classification,
    classification,
    current_municipality_number,
    load_regions,
    municipality_numbers,
)
from tests.factories import (
    AgreementFactory,
    CountyFactory,
    MunicipalityFactory,
    OrganisationFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def municipality(number: str) -> Municipality:
    return Municipality.objects.select_related("county").get(number=number)


def test_the_database_holds_15_counties_and_357_municipalities():
    load_regions()
    assert County.objects.count() == 15
    assert Municipality.objects.count() == 357
    data = classification()
    assert (len(data.counties), len(data.municipalities)) == (15, 357)
    # A municipality's county is the first two digits of its number.
    rows = Municipality.objects.select_related("county")
    assert all(m.number[:2] == m.county.number for m in rows)


def test_names_are_as_klass_writes_them():
    load_regions()
    assert municipality("5001").name == "Trondheim - Tråante"
    assert municipality("5610").name == "Kárášjohka - Karasjok"
    assert municipality("5636").name == "Unjárga - Nesseby"
    assert municipality("1875").name == "Hábmer - Hamarøy"
    assert municipality("0301").name == "Oslo - Oslove"  # since 1 January 2026
    assert municipality("5536").name == "Lyngen - Ivgu - Yykeä"
    assert municipality("3114").name == "Våler (Østfold)"
    assert County.objects.get(number="55").name == "Troms - Romsa - Tromssa"
    assert County.objects.get(number="50").name == "Trøndelag - Trööndelage"
    assert municipality("1508").county.name == "Møre og Romsdal"


def test_a_former_number_resolves_to_todays_municipality():
    numbers = municipality_numbers()
    pk = {m.number: m.pk for m in Municipality.objects.all()}
    assert numbers["1601"] == (pk["5001"], "Trondheim - Tråante")  # before 2018
    assert numbers["5001"] == numbers["1601"]
    assert numbers["1804"] == (pk["1804"], "Bodø")  # unchanged since 2018
    assert numbers["0301"] == (pk["0301"], "Oslo - Oslove")
    assert numbers["3005"] == (pk["3301"], "Drammen")  # Viken, 2020–2023
    assert numbers["0602"] == (pk["3301"], "Drammen")  # Buskerud, before 2020
    assert numbers["3024"] == (pk["3201"], "Bærum")
    assert numbers["1507"] == (pk["1508"], "Ålesund")  # split in 2024
    assert numbers["1534"] == (pk["1580"], "Haram")  # via 1507, back to Haram
    assert numbers["5012"] == (pk["5059"], "Orkland")  # split in 2020, the largest part
    assert len(numbers) == 357 + len(classification().successors)


def test_current_municipality_number():
    assert current_municipality_number("1601") == "5001"
    assert current_municipality_number(" 3005 ") == "3301"
    assert current_municipality_number("1850") == "1806"
    assert current_municipality_number("1837") == "1837"
    assert current_municipality_number("9999") is None
    assert current_municipality_number("") is None
    assert current_municipality_number(None) is None


def test_every_former_number_since_2018_resolves_to_a_municipality_valid_today():
    data = classification()
    assert len(data.successors) == 478
    assert set(data.successors.values()) <= data.municipalities.keys()
    assert not data.successors.keys() & data.municipalities.keys()


def test_files_that_contradict_each_other_are_refused():
    data = Classification(
        counties={"18": "Nordland"},
        municipalities={"1837": ("Meløy", "18"), "5001": ("Trondheim", "50")},
        successors={"1601": "1602"},
        former_counties={},
    )
    with pytest.raises(ValueError, match="unknown county 50.*1602, which is not"):
        data.check()


def test_a_second_run_reads_twice_and_writes_nothing():
    assert load_regions()
    with CaptureQueriesContext(connection) as queries:
        changes = load_regions()
        municipality_numbers()
    assert not changes
    assert not [q["sql"] for q in queries if WRITES.match(q["sql"])]
    assert len(queries) == 4  # counties and municipalities, for each call


def test_it_keeps_the_rows_the_factories_made():
    meloy = MunicipalityFactory()
    changes = load_regions()
    assert "county 18 Nordland → Nordland - Nordlánnda" in " ".join(changes.renamed)
    assert municipality("1837").pk == meloy.pk
    assert municipality("1837").county.pk == meloy.county.pk
    assert MunicipalityFactory().pk == meloy.pk  # get_or_create by number, as before
    assert (County.objects.count(), Municipality.objects.count()) == (15, 357)


def test_a_renamed_municipality_brings_its_organisations_search_text():
    oslo = MunicipalityFactory(number="0301", name="Oslo", county=CountyFactory(number="03"))
    company = OrganisationFactory(name="Bydel AS", municipality=oslo)
    assert "oslove" not in company.search_text
    changes = load_regions()
    assert "municipality 0301 Oslo → Oslo - Oslove" in changes.renamed
    company.refresh_from_db()
    assert company.municipality_id == oslo.pk
    assert "oslove" in company.search_text


def test_a_row_under_a_former_number_is_merged_into_todays():
    viken = CountyFactory(number="30", name="Viken")
    old_drammen = MunicipalityFactory(number="3005", name="Drammen", county=viken)
    old_trondheim = MunicipalityFactory(
        number="1601", name="Trondheim", county=CountyFactory(number="16", name="Sør-Trøndelag")
    )
    in_drammen = OrganisationFactory(municipality=old_drammen)
    in_trondheim = OrganisationFactory(name="Nidaros AS", municipality=old_trondheim)

    changes = load_regions()

    in_drammen.refresh_from_db()
    in_trondheim.refresh_from_db()
    assert in_drammen.municipality == municipality("3301")
    assert municipality("3301").county.number == "33"
    assert in_trondheim.municipality == municipality("5001")
    assert "traante" in in_trondheim.search_text
    assert not Municipality.objects.filter(number__in=["3005", "1601"]).exists()
    assert "municipality 3005 Drammen → 3301 Drammen (1 moved)" in changes.merged
    # The old counties are empty and nothing refers to them: deleted.
    assert not County.objects.filter(number__in=["30", "16"]).exists()
    assert set(changes.deleted) == {"county 16 Sør-Trøndelag", "county 30 Viken"}
    assert not load_regions()


def test_an_agreement_follows_its_municipality_into_todays_county():
    viken = CountyFactory(number="30", name="Viken")
    old_asker = MunicipalityFactory(number="3025", name="Asker", county=viken)
    agreement = AgreementFactory(schools=[SchoolFactory(municipality=old_asker)])
    assert agreement.county == viken

    changes = load_regions()

    agreement.refresh_from_db()
    assert agreement.county.number == "32"  # 3203 Asker, Akershus
    assert "municipality 3025 Asker → 3203 Asker (1 moved)" in changes.merged
    # Nothing refers to Viken any more.
    assert "county 30 Viken" in changes.deleted


def test_a_former_county_something_refers_to_is_kept_and_reported():
    telemark = CountyFactory(number="38", name="Vestfold og Telemark")
    CountyRoutine.objects.create(county=telemark, approval_required=True)
    changes = load_regions()
    assert County.objects.filter(pk=telemark.pk).exists()
    assert changes.kept == [
        "county 38 Vestfold og Telemark, referred to by agreements.CountyRoutine (1)"
    ]
    assert not changes.deleted
    assert load_regions().kept == changes.kept  # said again, never deleted


def test_a_number_klass_does_not_know_stays_as_it_is():
    svalbard = MunicipalityFactory(
        number="2100", name="Svalbard", county=CountyFactory(number="21", name="Svalbard")
    )
    numbers = municipality_numbers()
    assert numbers["2100"] == (svalbard.pk, "Svalbard")
    assert County.objects.filter(number="21").exists()


def test_the_command_prints_what_it_did():
    out = io.StringIO()
    call_command("load_regions", stdout=out)
    printed = out.getvalue()
    assert "created: county 03 Oslo - Oslove" in printed
    assert "created: municipality 5001 Trondheim - Tråante" in printed
    assert "15 counties, 357 municipalities" in printed
    out = io.StringIO()
    call_command("load_regions", stdout=out)
    assert (
        out.getvalue().strip()
        == "15 counties, 357 municipalities: already current, nothing written"
    )
