"""The NSR import on the sample in demo/samples (an array of /v4/enhet units)."""

import json

import pytest

from orgs.models import County, Municipality, Organisation
from orgs.regions import municipality_numbers
from tests.register_samples import (
    ENHETER,
    NSR,
    UNDERENHETER,
    rejects,
    run,
)

pytestmark = pytest.mark.django_db

Kind = Organisation.Kind


def sample(name):
    return next(r for r in json.loads(NSR.read_text()) if r["Navn"] == name)


@pytest.fixture
def imported(municipalities, tmp_path):
    report = tmp_path / "rejects.csv"
    return run("import_nsr", NSR, report=report), report


def test_counts_fields_and_kinds(imported):
    output, _report = imported
    assert "16 rows: 12 created, 0 updated, 0 unchanged, 4 rejected" in output
    school = Organisation.objects.get(name="Narvik videregående skole")
    record = sample("Narvik videregående skole")
    assert school.orgnr == record["Organisasjonsnummer"]
    assert school.kind == Kind.UPPER_SECONDARY
    assert school.municipality.number == "1806"
    assert school.website == record["Internettadresse"]
    assert school.postal_address == "Skoleveien 1, 8514 Narvik"
    assert school.search_text == f"narvik videregaende skole {school.orgnr} narvik"
    assert school.search_name == "narvik videregaende skole"
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert kinds["Ørnes skole"] == Kind.LOWER_SECONDARY
    assert kinds["Bodø voksenopplæringssenter"] == Kind.ADULT_EDUCATION
    assert kinds["Nordlys spesialskole"] == Kind.SPECIAL_SCHOOL
    assert Organisation.objects.schools().count() == 12


def test_an_inactive_school_is_kept_inactive(imported):
    assert not Organisation.objects.get(name="Inndyr skole").active


def test_counties_and_municipalities_do_not_come_from_nsr(municipalities, tmp_path):
    # The sample names a county "Utlandet" and NSR's pseudo-municipality 2599 for schools
    # abroad, and municipalities by NSR's names: none of it is written.
    municipality_numbers()  # the regions as orgs.regions provides them
    before = (list(County.objects.values_list()), list(Municipality.objects.values_list()))
    run("import_nsr", NSR, report=tmp_path / "r.csv")
    assert (list(County.objects.values_list()), list(Municipality.objects.values_list())) == before


def test_every_rejection_reason(imported):
    _output, report = imported
    assert sorted(reason for _id, reason in rejects(report)) == [
        "invalid_orgnr",
        "missing_name",
        "not_a_school",
        "unknown_municipality",
    ]


def test_running_again_changes_nothing(imported, tmp_path):
    before = dict(Organisation.objects.values_list("orgnr", "updated_at"))
    output = run("import_nsr", NSR, report=tmp_path / "again.csv")
    assert "16 rows: 0 created, 0 updated, 12 unchanged, 4 rejected" in output
    assert dict(Organisation.objects.values_list("orgnr", "updated_at")) == before


def test_nsr_makes_a_register_sub_unit_a_school_and_both_stay_stable(municipalities, tmp_path):
    report = tmp_path / "r.csv"
    run("import_enhetsregisteret", ENHETER, UNDERENHETER, report=report)
    school = Organisation.objects.get(name="HEMNES VIDEREGÅENDE SKOLE")
    assert school.kind == Kind.COMPANY
    output = run("import_nsr", NSR, report=report)
    assert "10 created, 2 updated" in output
    school.refresh_from_db()
    assert school.kind == Kind.UPPER_SECONDARY
    assert school.name == "Hemnes videregående skole"
    assert school.parent.name == "NORDLAND FYLKESKOMMUNE"  # kept from Enhetsregisteret
    output = run("import_enhetsregisteret", ENHETER, UNDERENHETER, report=report)
    assert "0 created, 0 updated" in output
    assert "0 created, 0 updated" in run("import_nsr", NSR, report=report)
