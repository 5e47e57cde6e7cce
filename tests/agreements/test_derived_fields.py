"""derive_agreement_fields, the one writer of an agreement's county, search_text and snapshot,
works on in-memory rows (as bench/generate.py gives it) without a query."""

import pytest
from django.utils import translation

from agreements.models import CooperationType, Party
from agreements.models.derived import derive_agreement_fields
from orgs.models import County, Municipality, Organisation, ProgrammeArea

pytestmark = pytest.mark.django_db


def test_derived_from_unsaved_rows_without_a_query(django_assert_num_queries):
    nordland, trondelag = County(pk=18, number="18"), County(pk=50, number="50")
    meloy = Municipality(pk=1, number="1837", county=nordland)
    trondheim = Municipality(pk=2, number="5001", county=trondelag)
    company = Organisation(name="Grytåga  Settefisk AS", orgnr="942110464", municipality=trondheim)
    school = Organisation(
        name="Meløy videregående skole",
        orgnr="974760673",
        kind=Organisation.Kind.UPPER_SECONDARY,
        municipality=meloy,
    )
    parties = [
        Party(organisation=company, role=Party.Role.COMPANY, signatory="Ola Nordmann"),
        Party(organisation=school, role=Party.Role.SCHOOL),
    ]
    with django_assert_num_queries(0), translation.override("en"):
        derived = derive_agreement_fields(
            title="Akvakultur",
            purpose="Læreplasser i Meløy",
            parties=parties,
            cooperation_types=[CooperationType(name_nb="YFF", name_en="Vocational")],
            programme_areas=[ProgrammeArea(code="NAAKV2----", title_nb="Akvakultur")],
            trades=[],
        )
    assert derived.county_id == 18  # the first school's, though a company comes first
    assert derived.search_text == (
        "akvakultur laereplasser i meloy grytaga settefisk as 942110464 "
        "meloy videregaende skole 974760673"
    )
    assert derived.snapshot == {  # in bokmål, whatever the language
        "parties": [
            "Grytåga  Settefisk AS (942110464), bedrift, Ola Nordmann",
            "Meløy videregående skole (974760673), skole",
        ],
        "responsible_organisation": "",
        "framework": "",
        "responsible_staff": [],
        "cooperation_types": ["YFF"],
        "programme_areas": ["Akvakultur (NAAKV2----)"],
        "trades": [],
    }


def test_no_school_means_no_county():
    company = Organisation(name="Firma AS", orgnr="942110464", municipality=None)
    derived = derive_agreement_fields(
        title="T",
        purpose="",
        parties=[Party(organisation=company, role=Party.Role.COMPANY)],
        cooperation_types=[],
        programme_areas=[],
        trades=[],
    )
    assert derived.county_id is None
    assert derived.search_text == "t firma as 942110464"
