"""The Enhetsregisteret import on the samples in demo/samples (its bulk downloads).

The shapes, addresses, lives and full downloads on samples of their own:
test_enhetsregisteret_*.py."""

import datetime

import pytest
from django.core.management import call_command

from agreements.models import Party
from orgs.models import Organisation
from tests.factories import AgreementFactory, SchoolFactory
from tests.register_samples import (
    ENHETER,
    ENHETER_CSV,
    UNDERENHETER,
    rejects,
    run,
    sample_orgnr,
)

pytestmark = pytest.mark.django_db

EQUINOR, DNB, NORDLAND_FK = "923609016", "984851006", "964982953"


@pytest.fixture
def imported(municipalities, tmp_path):
    report = tmp_path / "rejects.csv"
    output = run("import_enhetsregisteret", ENHETER, UNDERENHETER, report=report)
    return output, report


def test_counts_and_summary(imported):
    output, _report = imported
    assert "enheter.json.gz: 29 rows: 26 created, 0 updated, 0 unchanged, 3 rejected" in output
    assert "30 rows: 28 created, 0 updated, 0 unchanged, 2 rejected" in output
    assert Organisation.objects.count() == 54


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
    # With its three sub-units, one abroad (no address in Norway, so no municipality).
    assert Organisation.objects.search("equinor").count() == 4
    abroad = Organisation.objects.get(name="EQUINOR ASA AVD UTLANDET")
    assert abroad.municipality is None and abroad.parent == equinor


def test_kinds_from_the_organisation_form_and_industry(imported):
    kinds = dict(Organisation.objects.values_list("orgnr", "kind"))
    assert kinds["964338531"] == Organisation.Kind.MUNICIPALITY  # KOMM
    assert kinds[NORDLAND_FK] == Organisation.Kind.COUNTY_AUTHORITY  # FYLK
    assert kinds["974760673"] == Organisation.Kind.PUBLIC_AGENCY  # ORGL
    union = Organisation.objects.get(name="FAGFORBUNDET AVD. NORDLAND")
    assert union.kind == Organisation.Kind.UNION  # an FLI with NACE 94.200
    office = Organisation.objects.get(name="FAGFORBUNDET AVD. NORDLAND KONTOR NARVIK")
    assert office.kind == Organisation.Kind.UNION  # AAFY, NACE 94.200


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
    assert "main unit is not in the registry: 28" in output
    assert Organisation.objects.get(name="DNB BANK ASA AVD TRONDHEIM").parent is None
    output = run("import_enhetsregisteret", ENHETER, report=report)
    assert "sub-units linked to a main unit imported after them: 27" in output
    assert Organisation.objects.get(name="DNB BANK ASA AVD TRONDHEIM").parent.orgnr == DNB


def test_every_rejection_reason_is_reported_and_the_import_goes_on(imported):
    output, report = imported
    assert sorted(rejects(report)) == sorted(
        [
            ("923609017", "invalid_orgnr"),  # wrong check digit
            ("12345", "invalid_orgnr"),  # too short
            ("915300197", "missing_name"),
            ("991234567", "invalid_orgnr"),
            ("915300502", "missing_name"),
        ]
    )
    assert "invalid_orgnr: 2" in output
    assert not Organisation.objects.filter(orgnr__in=["923609017", "991234567"]).exists()
    # A unit without an address in Norway is kept, without a municipality.
    assert Organisation.objects.get(orgnr="915300200").municipality is None


def test_bankrupt_wound_up_and_deleted_units_are_kept_inactive(imported):
    bankrupt = Organisation.objects.get(name="SALTDAL TRELAST AS")
    assert bankrupt.bankrupt and not bankrupt.active
    wound_up = Organisation.objects.get(name="BODØ REKLAMEBYRÅ AS")
    assert wound_up.being_wound_up and not wound_up.active
    deleted = Organisation.objects.get(name="MELØY FISKEMOTTAK AS")
    assert deleted.deleted_on == datetime.date(2025, 12, 31) and not deleted.active
    branch = Organisation.objects.get(name="MELØY FISKEMOTTAK AS AVD ØRNES")
    assert branch.closed_on == datetime.date(2025, 11, 30)
    assert branch.deleted_on == datetime.date(2025, 12, 31)
    assert branch.main_unit_ended and not branch.active
    assert Organisation.objects.filter(active=False).count() == 4


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
    assert "29 rows: 0 created, 0 updated, 26 unchanged, 3 rejected" in output
    assert "30 rows: 0 created, 0 updated, 28 unchanged, 2 rejected" in output
    assert dict(Organisation.objects.values_list("orgnr", "updated_at")) == before


def test_a_changed_row_is_updated_and_its_search_text_follows(imported, tmp_path):
    equinor = Organisation.objects.get(orgnr=EQUINOR)
    Organisation.objects.filter(pk=equinor.pk).update(name="STATOIL ASA", employees=1)
    output = run("import_enhetsregisteret", ENHETER, report=tmp_path / "again.csv")
    assert "1 updated, 25 unchanged" in output
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
    """The CSV sample is an extract of the JSON one: --partial, or its absent units would be
    gone from the register."""
    from io import StringIO

    out = StringIO()
    call_command(
        "import_enhetsregisteret",
        str(ENHETER_CSV),
        partial=True,
        report=str(tmp_path / "csv.csv"),
        no_progress=True,
        stdout=out,
    )
    assert "9 rows: 0 created, 0 updated, 9 unchanged, 0 rejected" in out.getvalue()
    assert not Organisation.objects.filter(missing_from_register_on__isnull=False).exists()


def test_the_csv_form_alone_creates_the_units(municipalities, tmp_path):
    output = run("import_enhetsregisteret", ENHETER_CSV, report=tmp_path / "r.csv")
    assert "9 created" in output
    unit = Organisation.objects.get(name="ØRNES MEKANISKE VERKSTED AS")
    assert unit.website == "https://ornes-mek.no"
    assert unit.employees == 18
    assert unit.postal_address == "Industriveien 4, 8150 ØRNES"
    assert unit.register_unit == Organisation.RegisterUnit.MAIN_UNIT
