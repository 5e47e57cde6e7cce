"""The NSR import on the sample in demo/samples."""

import json

import pytest

from orgs.models import County, Municipality, Organisation
from tests.register_samples import (
    ENHETER,
    NSR,
    UNDERENHETER,
    load_municipalities,
    rejects,
    run,
)

pytestmark = pytest.mark.django_db


def sample(name):
    return next(r for r in json.loads(NSR.read_text()) if r["Navn"] == name)


@pytest.fixture
def imported(db, tmp_path):
    load_municipalities()
    report = tmp_path / "rejects.csv"
    return run("import_nsr", NSR, report=report), report


def test_counts_fields_and_kinds(imported):
    output, _report = imported
    assert "13 rows: 10 created, 0 updated, 0 unchanged, 3 rejected" in output
    school = Organisation.objects.get(name="Narvik videregående skole")
    record = sample("Narvik videregående skole")
    assert school.orgnr == record["Organisasjonsnummer"]
    assert school.kind == Organisation.Kind.UPPER_SECONDARY
    assert school.municipality.number == "1806"
    assert school.website == record["Internettadresse"]
    assert school.postal_address == "Skoleveien 1, 8514 Narvik"
    assert school.search_text == f"narvik videregaende skole {school.orgnr} narvik"
    assert school.search_name == "narvik videregaende skole"
    assert Organisation.objects.get(name="Ørnes skole").kind == Organisation.Kind.LOWER_SECONDARY
    assert Organisation.objects.schools().count() == 10


def test_an_inactive_school_is_kept_inactive(imported):
    assert not Organisation.objects.get(name="Inndyr skole").active


def test_counties_and_municipalities_come_from_nsr(db, tmp_path):
    run("import_nsr", NSR, report=tmp_path / "r.csv")
    assert County.objects.get(number="18").name == "Nordland"
    vagan = Municipality.objects.get(number="1865")
    assert (vagan.name, vagan.county.number) == ("Vågan", "18")
    assert Municipality.objects.get(number="5001").county.name == "Trøndelag"


def test_every_rejection_reason(imported):
    _output, report = imported
    assert sorted(reason for _id, reason in rejects(report)) == [
        "invalid_orgnr",
        "missing_name",
        "not_a_school",
    ]


def test_running_again_changes_nothing(imported, tmp_path):
    before = dict(Organisation.objects.values_list("orgnr", "updated_at"))
    output = run("import_nsr", NSR, report=tmp_path / "again.csv")
    assert "13 rows: 0 created, 0 updated, 10 unchanged, 3 rejected" in output
    assert dict(Organisation.objects.values_list("orgnr", "updated_at")) == before


def test_nsr_makes_a_register_sub_unit_a_school_and_both_stay_stable(db, tmp_path):
    load_municipalities()
    report = tmp_path / "r.csv"
    run("import_enhetsregisteret", ENHETER, UNDERENHETER, report=report)
    school = Organisation.objects.get(name="HEMNES VIDEREGÅENDE SKOLE")
    assert school.kind == Organisation.Kind.COMPANY
    output = run("import_nsr", NSR, report=report)
    assert "8 created, 2 updated" in output
    school.refresh_from_db()
    assert school.kind == Organisation.Kind.UPPER_SECONDARY
    assert school.name == "Hemnes videregående skole"
    assert school.parent.name == "NORDLAND FYLKESKOMMUNE"  # kept from Enhetsregisteret
    output = run("import_enhetsregisteret", ENHETER, UNDERENHETER, report=report)
    assert "0 created, 0 updated" in output
    assert "0 created, 0 updated" in run("import_nsr", NSR, report=report)
