"""The shapes the Enhetsregisteret import reads, told by content, and the ones it refuses."""

import gzip
import shutil

import pytest
from django.core.management import CommandError, call_command

from orgs.importers.base import UnrecognisedFile
from orgs.models import Organisation
from tests.orgs.importers.samples.enhetsregisteret import units
from tests.orgs.importers.samples.enhetsregisteret.units import import_file

pytestmark = pytest.mark.django_db


def renamed(path, tmp_path, name="download.bin"):
    """A copy under a name that says nothing (or the wrong thing) about its shape."""
    return shutil.copy(path, tmp_path / name)


def written(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("sample", "line"),
    [
        (units.ENHETER_PAGE, "7 rows: 6 created, 0 updated, 0 unchanged, 1 rejected"),
        (units.UNDERENHETER_PAGE, "4 rows: 4 created, 0 updated, 0 unchanged, 0 rejected"),
        (units.ENHET, "1 rows: 1 created, 0 updated, 0 unchanged, 0 rejected"),
        (units.CSV, "6 rows: 6 created, 0 updated, 0 unchanged, 0 rejected"),
        (units.CSV_GZ, "6 rows: 6 created, 0 updated, 0 unchanged, 0 rejected"),
        (units.EMPTY_PAGE, "0 rows: 0 created, 0 updated, 0 unchanged, 0 rejected"),
    ],
    ids=["enheter page", "underenheter page", "one unit", "csv", "csv gzipped", "empty page"],
)
def test_each_shape_is_read_by_its_content_not_its_name(sample, line, tmp_path):
    summary, _rejects = import_file(renamed(sample, tmp_path, "enheter.xml"), full=False)
    assert summary.line() == line


def test_a_bulk_json_download_gzipped_or_not(tmp_path):
    records = [units.main_unit(units.orgnr(i), f"BULK {i} AS") for i in range(3)]
    plain = units.write_download(tmp_path / "enheter.csv", records)
    gzipped = units.write_download(tmp_path / "enheter", records, gzipped=True)
    assert import_file(plain)[0].created == 3
    assert import_file(gzipped)[0].unchanged == 3


def test_a_deleted_units_record_alone_is_read(tmp_path):
    summary, rejects = import_file(renamed(units.DELETED, tmp_path))
    assert summary.rows == 0 and not rejects
    assert summary.notes == {"deleted units the registry never had (skipped)": 1}
    assert not Organisation.objects.exists()


def test_a_page_past_the_last_one_is_empty(tmp_path):
    page = {"_links": {}, "page": {"size": 20, "totalElements": 41, "totalPages": 3, "number": 3}}
    summary, _rejects = import_file(units.write_json(tmp_path / "side.json", page))
    assert summary.rows == 0


@pytest.mark.parametrize(
    "make",
    [
        lambda tmp: renamed(units.ZIP, tmp, "enheter.json"),
        lambda tmp: renamed(units.XML, tmp, "enheter.csv"),
        lambda tmp: renamed(units.UPDATES_FEED, tmp),
        lambda tmp: renamed(units.NSR_PAGE, tmp),
        lambda tmp: units.write_json(tmp / "nsr.json", [{"Organisasjonsnummer": "921000006"}]),
        lambda tmp: units.write_json(tmp / "p.json", {"page": {"number": 0, "totalPages": 2}}),
        lambda tmp: units.write_json(tmp / "tall.json", 42),
        lambda tmp: written(tmp / "tom.json", b""),
        lambda tmp: written(tmp / "a.csv", b"orgnr;navn\n921000006;X\n"),
        lambda tmp: written(tmp / "b.gz", b"\x1f\x8b\x08\x00garbage"),
    ],
    ids=[
        "zip",
        "xml",
        "updates feed",
        "another register's page",
        "an array of other things",
        "a page with units missing",
        "a JSON number",
        "empty file",
        "csv without organisasjonsnummer",
        "broken gzip",
    ],
)
def test_what_is_not_a_shape_it_reads_is_refused_naming_the_shapes(make, tmp_path):
    with pytest.raises(UnrecognisedFile) as refused:
        import_file(make(tmp_path))
    message = str(refused.value)
    assert message.startswith("not an Enhetsregisteret file")
    assert "bulk downloads" in message and "_embedded.underenheter" in message
    assert "slettedato" in message
    assert not Organisation.objects.exists()


def test_the_command_refuses_an_unrecognised_file_with_an_error(tmp_path):
    path = renamed(units.ZIP, tmp_path, "enheter.json.gz")
    with pytest.raises(CommandError, match=r"enheter\.json\.gz: not an Enhetsregisteret file"):
        call_command("import_enhetsregisteret", str(path), no_progress=True, verbosity=0)


def test_a_download_that_breaks_off_keeps_the_batches_before(tmp_path):
    records = [units.main_unit(units.orgnr(i), f"BRUTT {i} AS") for i in range(3)]
    whole = units.write_download(tmp_path / "whole.json", records).read_bytes()
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(gzip.compress(whole[: len(whole) - 40]))
    with pytest.raises(UnrecognisedFile, match="breaks off.*no unit was marked missing"):
        import_file(cut, batch_size=1)
    assert Organisation.objects.filter(name__startswith="BRUTT").count() == 2
