"""Every shape NSR's API v4 answers with is read; a file in any other shape is refused whole.

The files in samples/nsr are written after NSR's published field lists: a unit of
/v4/enhet/{orgnr}, list pages of /v4/enheter (the whole country, paged) and
/v4/enheter/kommune/{nr} (units under EnhetListe, their municipality a flat Kommunenummer),
an array of units and the older page with Enheter.
"""

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from orgs.models import Organisation
from tests.factories import SchoolFactory
from tests.register_samples import rejects, run, run_reported

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples"
Kind = Organisation.Kind


def import_nsr(name, tmp_path):
    return run_reported("import_nsr", SAMPLES / "nsr" / name, tmp_path)


def kinds():
    return dict(Organisation.objects.values_list("orgnr", "kind"))


def test_a_unit_of_v4_enhet(municipalities, tmp_path):
    output, _report = import_nsr("enhet.json", tmp_path)
    assert "1 rows: 1 created, 0 updated, 0 unchanged, 0 rejected" in output
    school = Organisation.objects.get()
    assert (school.orgnr, school.name, school.kind) == (
        "973300008",
        "Strinda videregående skole",
        Kind.UPPER_SECONDARY,
    )
    assert school.municipality.number == "5001"
    assert school.postal_address == "Gamle Kongevei 2, 7043 Trondheim"
    assert school.website == "https://www.strinda.vgs.no"
    assert school.search_text.startswith("strinda videregaende skole 973300008 ")
    assert school.active


def test_a_page_of_the_whole_country_list(municipalities, tmp_path):
    output, report = import_nsr("enheter-side-1.json", tmp_path)
    assert "3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected" in output
    # One page of seven: the summary says the others must be imported too.
    assert "pages in NSR's list, of which this file is page 1: 7" in output
    assert kinds() == {"973300016": Kind.UPPER_SECONDARY, "973300024": Kind.LOWER_SECONDARY}
    assert Organisation.objects.get(orgnr="973300016").municipality.number == "1806"
    assert rejects(report) == [("973300032", "not_a_school")]


def test_the_list_of_one_municipality(municipalities, tmp_path):
    output, _report = import_nsr("enheter-kommune-1837.json", tmp_path)
    assert "3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected" in output
    assert "pages in NSR's list" not in output
    assert set(Organisation.objects.values_list("municipality__number", flat=True)) == {"1837"}
    assert not Organisation.objects.get(name="Glomfjord skole").active


def test_a_list_row_keeps_the_address_and_website_enhetsregisteret_gave(municipalities, tmp_path):
    SchoolFactory(
        orgnr="973300016",
        name="NARVIK VIDEREGÅENDE SKOLE",
        kind=Kind.COMPANY,
        postal_address="Skoleveien 1, 8514 Narvik",
        website="https://narvik.vgs.no",
    )
    output, _report = import_nsr("enheter-side-1.json", tmp_path)
    assert "1 created, 1 updated" in output
    school = Organisation.objects.get(orgnr="973300016")
    assert (school.name, school.kind) == ("Narvik videregående skole", Kind.UPPER_SECONDARY)
    assert (school.postal_address, school.website) == (
        "Skoleveien 1, 8514 Narvik",
        "https://narvik.vgs.no",
    )


def test_an_array_of_units(municipalities, tmp_path):
    output, _report = import_nsr("enheter-array.json", tmp_path)
    assert "2 rows: 2 created, 0 updated, 0 unchanged, 0 rejected" in output
    assert kinds() == {"973300075": Kind.LOWER_SECONDARY, "973300083": Kind.UPPER_SECONDARY}


def test_the_older_page_with_enheter(municipalities, tmp_path):
    output, _report = import_nsr("enheter-gammel.json", tmp_path)
    assert "1 rows: 1 created" in output
    school = Organisation.objects.get()
    assert (school.municipality.number, school.website) == ("1866", "https://hadsel.vgs.no")


@pytest.mark.parametrize(
    ("path", "says"),
    [
        # An error answer saved instead of a list.
        ("nsr/ukjent-form.json", "an object with Message, ModelState"),
        # API v3's list: Orgnr and Kommunenr, not v4's fields.
        ("nsr/v3-liste.json", "its records are not NSR units"),
        # Another register's file.
        ("grep/spraakkoder.json", "an object with utdanningsprogram"),
    ],
)
def test_a_file_in_another_shape_is_refused_and_names_the_shapes_read(
    municipalities, tmp_path, path, says
):
    with pytest.raises(CommandError) as refused:
        run("import_nsr", SAMPLES / path, report=tmp_path / "r.csv")
    message = str(refused.value)
    assert says in message
    assert "EnhetListe" in message and "/v4/enhet/{orgnr}" in message
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("content", ["Organisasjonsnummer;Navn\n973300008;Strinda\n", ""])
def test_a_file_that_is_not_json_is_refused(municipalities, tmp_path, content):
    path = tmp_path / "enheter.json"
    path.write_text(content)
    with pytest.raises(CommandError, match="EnhetListe"):
        run("import_nsr", path, report=tmp_path / "r.csv")


def test_a_record_that_is_not_a_unit_is_rejected_and_the_rest_read(municipalities, tmp_path):
    path = tmp_path / "enheter.json"
    unit = (SAMPLES / "nsr" / "enhet.json").read_text()
    path.write_text(f'[{unit}, "973300016"]')
    report = tmp_path / "r.csv"
    output = run("import_nsr", path, report=report)
    assert "2 rows: 1 created, 0 updated, 0 unchanged, 1 rejected" in output
    assert rejects(report) == [("", "not_a_unit")]


def test_a_file_with_a_byte_order_mark_is_read(municipalities, tmp_path):
    """Windows tools (PowerShell's Out-File, Excel) start UTF-8 files with a byte order mark."""
    marked = tmp_path / "enhet.json"
    marked.write_bytes(b"\xef\xbb\xbf" + (SAMPLES / "nsr" / "enhet.json").read_bytes())
    output = run("import_nsr", marked, report=tmp_path / "rejects.csv")
    assert "1 rows: 1 created, 0 updated, 0 unchanged, 0 rejected" in output
