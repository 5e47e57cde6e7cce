"""The Enhetsregisteret import on the samples in demo/samples."""

import datetime

import pytest

from agreements.models import Party
from orgs.models import Organisation
from tests.factories import AgreementFactory, SchoolFactory
from tests.register_samples import (
    ENHETER,
    ENHETER_CSV,
    UNDERENHETER,
    load_municipalities,
    rejects,
    run,
    sample_orgnr,
)

pytestmark = pytest.mark.django_db

EQUINOR, DNB, NORDLAND_FK = "923609016", "984851006", "964982953"


@pytest.fixture
def municipalities(db):
    load_municipalities()


@pytest.fixture
def imported(municipalities, tmp_path):
    report = tmp_path / "rejects.csv"
    output = run("import_enhetsregisteret", ENHETER, UNDERENHETER, report=report)
    return output, report


def test_counts_and_summary(imported):
    output, _report = imported
    assert "enheter.json.gz: 29 rows: 24 created, 0 updated, 0 unchanged, 5 rejected" in output
    assert "30 rows: 26 created, 0 updated, 0 unchanged, 4 rejected" in output
    assert Organisation.objects.count() == 50


def test_fields_of_a_main_unit(imported):
    equinor = Organisation.objects.get(orgnr=EQUINOR)
    assert equinor.name == "EQUINOR ASA"
    assert equinor.kind == Organisation.Kind.COMPANY
    assert equinor.municipality.number == "1103"
    assert equinor.postal_address == "Forusbeen 50, 4006 STAVANGER"
    assert equinor.website == "https://www.equinor.com"
    assert equinor.industry_code == "06.100"
    assert equinor.employees == 21000
    assert equinor.active and not equinor.bankrupt and equinor.deleted_on is None
    assert equinor.search_text == "equinor asa 923609016 stavanger"
    assert Organisation.objects.search("equinor").count() == 3  # with its two sub-units


def test_kinds_from_the_organisation_form_and_industry(imported):
    kinds = dict(Organisation.objects.values_list("orgnr", "kind"))
    assert kinds["964338531"] == Organisation.Kind.MUNICIPALITY  # KOMM
    assert kinds[NORDLAND_FK] == Organisation.Kind.COUNTY_AUTHORITY  # FYLK
    assert kinds["974760673"] == Organisation.Kind.PUBLIC_AGENCY  # ORGL
    union = Organisation.objects.get(name="FAGFORBUNDET AVD. NORDLAND")
    assert union.kind == Organisation.Kind.UNION  # NACE 94.200


def test_sub_units_are_linked_to_their_main_units(imported):
    branch = Organisation.objects.get(name="DNB BANK ASA AVD TRONDHEIM")
    assert branch.parent.orgnr == DNB
    assert branch.municipality.number == "5001"  # from beliggenhetsadresse
    assert Organisation.objects.get(orgnr=NORDLAND_FK).sub_units.count() == 3
    # Its main unit (ELKEM) is not in the registry: imported, not linked.
    assert Organisation.objects.get(name="ELKEM ASA AVD NOTODDEN").parent is None


def test_sub_units_before_main_units_are_linked_when_the_main_units_come(municipalities, tmp_path):
    report = tmp_path / "rejects.csv"
    output = run("import_enhetsregisteret", UNDERENHETER, report=report)
    assert "main unit is not in the registry: 26" in output
    assert Organisation.objects.get(name="DNB BANK ASA AVD TRONDHEIM").parent is None
    output = run("import_enhetsregisteret", ENHETER, report=report)
    assert "sub-units linked to a main unit imported after them: 25" in output
    assert Organisation.objects.get(name="DNB BANK ASA AVD TRONDHEIM").parent.orgnr == DNB


def test_every_rejection_reason_is_reported_and_the_import_goes_on(imported):
    output, report = imported
    assert sorted(rejects(report)) == sorted(
        [
            ("923609017", "invalid_orgnr"),  # wrong check digit
            ("12345", "invalid_orgnr"),  # too short
            ("915300197", "missing_name"),
            ("982463718", "unknown_municipality"),  # Bærum is not in the registry
            ("915300200", "missing_municipality"),  # no address in Norway
            ("991234567", "invalid_orgnr"),
            ("915300502", "missing_name"),
            ("915300510", "unknown_municipality"),  # Tromsø
            ("915300529", "missing_municipality"),
        ]
    )
    assert "invalid_orgnr: 2" in output
    assert not Organisation.objects.filter(orgnr__in=["923609017", "982463718"]).exists()


def test_bankrupt_wound_up_and_deleted_units_are_kept_inactive(imported):
    bankrupt = Organisation.objects.get(name="SALTDAL TRELAST AS")
    assert bankrupt.bankrupt and not bankrupt.active
    wound_up = Organisation.objects.get(name="BODØ REKLAMEBYRÅ AS")
    assert wound_up.being_wound_up and not wound_up.active
    deleted = Organisation.objects.get(name="MELØY FISKEMOTTAK AS")
    assert deleted.deleted_on == datetime.date(2025, 12, 31) and not deleted.active
    assert Organisation.objects.filter(active=False).count() == 4  # and the closed branch


def test_a_deleted_unit_keeps_its_agreements(municipalities, tmp_path):
    from orgs.models import Municipality

    meloy = Municipality.objects.get(number="1837")
    orgnr = sample_orgnr(ENHETER, "MELØY FISKEMOTTAK AS")
    company = Organisation.objects.create(
        orgnr=orgnr, name="Meløy Fiskemottak AS", municipality=meloy
    )
    agreement = AgreementFactory(schools=[SchoolFactory(municipality=meloy)], partners=[company])
    run("import_enhetsregisteret", ENHETER, report=tmp_path / "r.csv")
    company.refresh_from_db()
    assert company.name == "MELØY FISKEMOTTAK AS"
    assert not company.active and company.deleted_on
    assert Party.objects.filter(agreement=agreement, organisation=company).exists()


def test_running_again_changes_nothing(imported, tmp_path):
    before = dict(Organisation.objects.values_list("orgnr", "updated_at"))
    output = run("import_enhetsregisteret", ENHETER, UNDERENHETER, report=tmp_path / "again.csv")
    assert "29 rows: 0 created, 0 updated, 24 unchanged, 5 rejected" in output
    assert "30 rows: 0 created, 0 updated, 26 unchanged, 4 rejected" in output
    assert dict(Organisation.objects.values_list("orgnr", "updated_at")) == before


def test_a_changed_row_is_updated_and_its_search_text_follows(imported, tmp_path):
    equinor = Organisation.objects.get(orgnr=EQUINOR)
    Organisation.objects.filter(pk=equinor.pk).update(name="STATOIL ASA", employees=1)
    output = run("import_enhetsregisteret", ENHETER, report=tmp_path / "again.csv")
    assert "1 updated, 23 unchanged" in output
    equinor.refresh_from_db()
    assert (equinor.name, equinor.employees) == ("EQUINOR ASA", 21000)
    assert equinor.search_text == "equinor asa 923609016 stavanger"


def test_a_school_keeps_the_kind_and_name_nsr_gave_it(imported, tmp_path):
    school = Organisation.objects.get(name="HEMNES VIDEREGÅENDE SKOLE")
    school.kind, school.name = Organisation.Kind.UPPER_SECONDARY, "Hemnes videregående skole"
    school.save()
    output = run("import_enhetsregisteret", UNDERENHETER, report=tmp_path / "again.csv")
    assert "0 updated" in output
    school.refresh_from_db()
    assert school.kind == Organisation.Kind.UPPER_SECONDARY
    assert school.name == "Hemnes videregående skole"


def test_the_csv_form_gives_the_same_rows(imported, tmp_path):
    report = tmp_path / "csv.csv"
    output = run("import_enhetsregisteret", ENHETER_CSV, report=report)
    assert "9 rows: 0 created, 0 updated, 7 unchanged, 2 rejected" in output
    assert {reason for _id, reason in rejects(report)} == {
        "unknown_municipality",
        "missing_municipality",
    }


def test_the_csv_form_alone_creates_the_units(municipalities, tmp_path):
    output = run("import_enhetsregisteret", ENHETER_CSV, report=tmp_path / "r.csv")
    assert "7 created" in output
    unit = Organisation.objects.get(name="ØRNES MEKANISKE VERKSTED AS")
    assert unit.website == "https://ornes-mek.no"
    assert unit.employees == 18
    assert unit.postal_address == "Industriveien 4, 8150 ØRNES"
