"""Grep as it is published: titles whose language is a code or a URI, programme areas that
name their education programme, expired entries kept inactive; any other shape refused.

The files in samples/grep follow Grep's REST lists (data.udir.no/kl06/v201906):
spraakkoder.json with language codes (nob, eng, default) and utdanningsprogram-referanse;
spraak-uri.json in the older form, the language a URI (http://psi.udir.no/kl06/nob,
http://data.udir.no/kl06/eng, and the oldest `noekkel` with http://psi.oasis-open.org/iso/639/#nob).
"""

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from orgs.models import EducationProgramme, ProgrammeArea, Trade
from tests.register_samples import rejects, run, run_reported

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "samples" / "grep"


def import_grep(name, tmp_path):
    return run_reported("import_grep", SAMPLES / name, tmp_path)


def titles(model):
    return {
        code: (nb, en) for code, nb, en in model.objects.values_list("code", "title_nb", "title_en")
    }


def test_language_codes_and_the_programme_an_area_names(db, tmp_path):
    output, _report = import_grep("spraakkoder.json", tmp_path)
    assert "7 rows: 7 created, 0 updated, 0 unchanged, 0 rejected" in output
    assert titles(EducationProgramme)["ST"] == ("Studiespesialisering", "General studies")
    # Its code starts with PB, but it names Studiespesialisering as its programme.
    area = ProgrammeArea.objects.get(code="PBPBY3----")
    assert (area.education_programme.code, area.level) == ("ST", "VG3")
    assert (
        area.title_en == "Supplementary programme for general university admissions certification"
    )
    # A reference as one object rather than a list.
    assert ProgrammeArea.objects.get(code="HSHEA2----").education_programme.code == "HS"
    trade = Trade.objects.get(code="HSHEA3----")
    assert (trade.title_nb, trade.title_en) == ("Helsearbeiderfaget", "Health worker")
    assert list(trade.programme_areas.values_list("code", flat=True)) == ["HSHEA2----"]


def test_an_expired_programme_is_kept_inactive(db, tmp_path):
    import_grep("spraakkoder.json", tmp_path)
    active = dict(EducationProgramme.objects.values_list("code", "active"))
    assert active == {"ST": True, "HS": True, "RM": False}
    assert not ProgrammeArea.objects.get(code="RMKOK2----").active


def test_language_uris_keep_the_english_titles(db, tmp_path):
    output, _report = import_grep("spraak-uri.json", tmp_path)
    assert "5 rows: 5 created, 0 updated, 0 unchanged, 0 rejected" in output
    assert titles(EducationProgramme) == {
        "EL": ("Elektrofag", "Electricity and electronics"),
        "TP": ("Teknikk og industriell produksjon", "Technical and industrial production"),
    }
    assert titles(ProgrammeArea)["ELELE2----"] == ("Elenergi", "Electrical power")
    trade = Trade.objects.get(code="ELELE3----")
    assert (trade.title_nb, trade.title_en) == ("Elektrikerfaget", "Electrician")
    assert list(trade.programme_areas.values_list("code", flat=True)) == ["ELELE2----"]
    assert all(EducationProgramme.objects.values_list("active", flat=True))


def test_an_area_that_names_no_programme_takes_its_codes_first_letters(db, tmp_path):
    import_grep("spraak-uri.json", tmp_path)
    area = ProgrammeArea.objects.get(code="TPKJE2----")
    assert (area.education_programme.code, area.level) == ("TP", "VG2")


def test_an_area_naming_an_unknown_programme_is_rejected_with_it(db, tmp_path):
    path = tmp_path / "grep.json"
    path.write_text(
        '{"programomraader": [{"kode": "PBPBY3----", "tittel": [{"spraak": "nob", "verdi": '
        '"Påbygging"}], "status": "status_publisert", "utdanningsprogram-referanse": '
        '[{"kode": "ST"}]}]}'
    )
    report = tmp_path / "rejects.csv"
    output = run("import_grep", path, report=report)
    assert "1 rows: 0 created, 0 updated, 0 unchanged, 1 rejected" in output
    assert rejects(report) == [("PBPBY3----", "unknown_education_programme")]
    assert "ST" in report.read_text()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        # One of Grep's lists as served, without the object that names it.
        ("liste-uten-navn.json", "not a Grep file: expected"),
        # A Grep object, but of another list (fagkoder).
        ("ukjent-form.json", "an object with fagkoder"),
    ],
)
def test_a_file_in_another_shape_is_refused(db, tmp_path, name, says):
    with pytest.raises(CommandError) as refused:
        import_grep(name, tmp_path)
    assert says in str(refused.value)
    assert "utdanningsprogram, programomraader and laerefag" in str(refused.value)
    assert not ProgrammeArea.objects.exists()


def test_another_registers_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="an object with EnhetListe"):
        run(
            "import_grep",
            Path(__file__).parent / "samples" / "nsr" / "enheter-kommune-1837.json",
            report=tmp_path / "r.csv",
        )


def test_a_record_that_is_not_a_record_is_rejected_and_the_rest_read(db, tmp_path):
    path = tmp_path / "grep.json"
    path.write_text(
        '{"utdanningsprogram": [{"kode": "EL", "tittel": [{"spraak": "nob", "verdi": '
        '"Elektro"}], "status": "status_publisert"}, "HS"]}'
    )
    report = tmp_path / "rejects.csv"
    output = run("import_grep", path, report=report)
    assert "2 rows: 1 created, 0 updated, 0 unchanged, 1 rejected" in output
    assert rejects(report) == [("", "not_a_record")]
