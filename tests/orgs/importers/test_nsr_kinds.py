"""Which NSR units become which kind (orgs/kinds.py, NSR_KINDS), and where they are.

Each file in samples/nsr is one unit as /v4/enhet/{orgnr} gives it (or an array of them).
"""

import datetime
from pathlib import Path

import pytest

from orgs.models import Municipality, Organisation
from tests.factories import OrganisationFactory
from tests.register_samples import rejects, run_reported

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples" / "nsr"
Kind = Organisation.Kind


def import_nsr(name, tmp_path):
    return run_reported("import_nsr", SAMPLES / name, tmp_path)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # ErGrunnskole, like most centres, but its categories are adult education's.
        ("voksenopplaering.json", Kind.ADULT_EDUCATION),
        # ErSpesialskole, and neither ErGrunnskole nor ErVideregaaendeSkole.
        ("spesialskole.json", Kind.SPECIAL_SCHOOL),
        # Grades 8–13: ErGrunnskole and ErVideregaaendeSkole.
        ("kombinert.json", Kind.UPPER_SECONDARY),
        # An ungdomsskole that also teaches adults (category 10): its industry code, 85.201,
        # says it is an ordinary school.
        ("grunnskole-med-voksenopplaering.json", Kind.LOWER_SECONDARY),
    ],
)
def test_the_kind_of_each_school(municipalities, tmp_path, name, kind):
    output, _report = import_nsr(name, tmp_path)
    assert "1 rows: 1 created, 0 updated, 0 unchanged, 0 rejected" in output
    school = Organisation.objects.get()
    assert school.kind == kind
    assert school.is_school


def test_a_school_owner_is_not_a_school(municipalities, tmp_path):
    _output, report = import_nsr("enheter-kommune-1837.json", tmp_path)
    assert ("973300032", "not_a_school") in rejects(report)
    assert not Organisation.objects.filter(orgnr="973300032").exists()


def test_an_unknown_or_missing_municipality_is_rejected(municipalities, tmp_path):
    output, report = import_nsr("utenfor-kommune.json", tmp_path)
    assert "2 rows: 0 created, 0 updated, 0 unchanged, 2 rejected" in output
    assert rejects(report) == [
        ("973300156", "unknown_municipality"),  # 2599, NSR's schools abroad
        ("973300164", "missing_municipality"),
    ]


def test_a_unit_under_a_former_number_is_in_todays_municipality(municipalities, tmp_path):
    # Brundalen skole closed in 2017 and kept Trondheim's number then, 1601 (5001 since 2018).
    output, _report = import_nsr("tidligere-kommunenummer.json", tmp_path)
    assert "1 rows: 1 created" in output
    school = Organisation.objects.get()
    assert school.municipality.number == "5001"
    assert not school.active


def test_a_school_enhetsregisteret_has_ended_stays_inactive(municipalities, tmp_path):
    OrganisationFactory(
        orgnr="973300091",
        municipality=Municipality.objects.get(number="1804"),
        closed_on=datetime.date(2025, 12, 31),
    )
    output, _report = import_nsr("voksenopplaering.json", tmp_path)
    assert "1 updated" in output
    school = Organisation.objects.get()
    assert (school.kind, school.active) == (Kind.ADULT_EDUCATION, False)
