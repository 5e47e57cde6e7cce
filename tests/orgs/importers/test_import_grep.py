"""The Grep import on the sample in demo/samples."""

import pytest

from demo import data as demo_data
from orgs.models import EducationProgramme, ProgrammeArea, Trade
from tests.register_samples import GREP, rejects, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(db, tmp_path):
    report = tmp_path / "rejects.csv"
    return run("import_grep", GREP, report=report), report


def test_counts(imported):
    output, _report = imported
    assert "78 rows: 75 created, 0 updated, 0 unchanged, 3 rejected" in output
    assert EducationProgramme.objects.count() == len(demo_data.EDUCATION_PROGRAMMES)
    assert ProgrammeArea.objects.count() == len(demo_data.PROGRAMME_AREAS) + 3
    assert Trade.objects.count() == len(demo_data.TRADES) + 3


def test_fields(imported):
    area = ProgrammeArea.objects.get(code="ELDAT2----")
    assert area.title_nb == "Datateknologi og elektronikk"
    assert area.title_en == "Computer technology and electronics"
    assert area.level == "VG2"
    assert area.education_programme.code == "EL"
    assert area.active
    assert (
        area.search_text
        == "eldat2 datateknologi og elektronikk computer technology and electronics"
    )
    trade = Trade.objects.get(code="ELDEL3----")
    assert list(trade.programme_areas.values_list("code", flat=True)) == ["ELDAT2----"]
    assert Trade.objects.search("dataelektroniker").get() == trade


def test_expired_entries_are_kept_inactive(imported):
    assert not ProgrammeArea.objects.get(code="HSHOF2----").active
    assert not Trade.objects.get(code="HSHOF3----").active


def test_every_rejection_reason(imported):
    _output, report = imported
    assert sorted(rejects(report)) == [
        ("HSUTT2----", "missing_name"),
        ("TPXXX3----", "unknown_status"),
        ("XXUKJ2----", "unknown_education_programme"),
    ]


def test_running_again_changes_nothing_and_a_changed_link_is_written(imported, tmp_path):
    output = run("import_grep", GREP, report=tmp_path / "again.csv")
    assert "0 created, 0 updated, 75 unchanged, 3 rejected" in output
    trade = Trade.objects.get(code="ELDEL3----")
    trade.programme_areas.clear()
    output = run("import_grep", GREP, report=tmp_path / "again.csv")
    assert "0 created, 1 updated, 74 unchanged" in output
    assert trade.programme_areas.get().code == "ELDAT2----"
