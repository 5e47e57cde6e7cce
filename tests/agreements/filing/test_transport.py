"""Sending filings: the folder transport's atomic drop and receipt, a failed send shown on the
export page and tried again by the worker."""

import os
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from agreements.exports.archive import run_export_job
from agreements.filing import transport
from agreements.filing.schema import OPPRETT
from agreements.filing.transport import FolderTransport, Package
from agreements.models import ArchiveFiling, ExportJob
from tests.agreements.filing.conftest import sha256, validate_everywhere
from tests.staff_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.EXPORT_PDF_PROCESSES = 1
    settings.FILING_TRANSPORT = "folder"
    settings.FILING_FOLDER = str(tmp_path / "innboks")
    (tmp_path / "innboks").mkdir()
    return build_world()


def export(world):
    job = ExportJob.objects.create(
        county=world.agreement.county, requested_by=world.coordinator_trondelag
    )
    run_export_job(job.pk)
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE, job.error
    return job


def test_the_folder_transport_renames_a_complete_package_into_place(tmp_path, monkeypatch):
    seen = []
    real_rename = os.rename

    def watching_rename(source, target):
        # What a watcher of the folder sees just before the rename: no package yet, only a
        # hidden temporary folder that already holds every file.
        seen.append((sorted(os.listdir(tmp_path)), sorted(os.listdir(source))))
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", watching_rename)
    files = {"arkivmelding.xml": b"<x/>", "a.pdf": b"%PDF-1.7"}
    receipt = FolderTransport(tmp_path).send(Package("SAMREG-AVT-0000001-v1", OPPRETT, files))
    [(listing, inside)] = seen
    assert len(listing) == 1 and listing[0].startswith(".SAMREG-AVT-0000001-v1.")
    assert inside == ["a.pdf", "arkivmelding.xml"]
    assert os.listdir(tmp_path) == ["SAMREG-AVT-0000001-v1"]
    assert (tmp_path / "SAMREG-AVT-0000001-v1" / "a.pdf").read_bytes() == b"%PDF-1.7"
    assert receipt["files"]["a.pdf"] == sha256(b"%PDF-1.7")
    # Sent again (a retry after a lost answer): nothing changes, the same receipt.
    assert (
        FolderTransport(tmp_path).send(Package("SAMREG-AVT-0000001-v1", OPPRETT, files))["path"]
        == receipt["path"]
    )


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    files = {"arkivmelding.xml": b"<x/>", "../escape/a.pdf": b"x"}
    with pytest.raises(OSError):
        FolderTransport(tmp_path).send(Package("P", OPPRETT, files))
    assert os.listdir(tmp_path) == []


def test_the_export_sends_each_filing_and_records_its_receipt(world, settings):
    job = export(world)
    filings = list(job.filings.all())
    assert filings and all(f.state == ArchiveFiling.State.PENDING for f in filings)
    assert DBTaskResult.objects.filter(task_path__endswith="send_filing").count() == len(filings)
    for filing in filings:
        transport.send(filing.pk)  # what the worker's task does
        filing.refresh_from_db()
        assert filing.state == ArchiveFiling.State.SENT and filing.attempts == 1
        package = Path(settings.FILING_FOLDER) / filing.package.rsplit("/", 1)[-1]
        validate_everywhere((package / "arkivmelding.xml").read_bytes(), OPPRETT)
        assert filing.receipt["messages"][0]["path"] == str(package)


def test_a_failed_send_is_shown_and_tried_again(world, settings, client):
    settings.FILING_FOLDER = str(Path(settings.FILING_FOLDER) / "finnes-ikke")
    job = export(world)
    filing = job.filings.first()
    DBTaskResult.objects.all().delete()
    transport.send(filing.pk)
    filing.refresh_from_db()
    assert filing.state == ArchiveFiling.State.FAILED and filing.attempts == 1
    assert "finnes-ikke" in filing.error
    [retry] = DBTaskResult.objects.filter(task_path__endswith="send_filing")
    assert retry.run_after is not None and retry.args_kwargs["args"] == [str(filing.pk)]

    client.force_login(world.coordinator_trondelag)
    page = client.get(f"/ansatt/eksport/{job.county.number}/").content.decode()
    assert "Sending til arkivet" in page and "sendingen feilet" in page

    Path(settings.FILING_FOLDER).mkdir()  # the folder is back: the next try delivers
    transport.send(filing.pk)
    filing.refresh_from_db()
    assert filing.state == ArchiveFiling.State.SENT and filing.attempts == 2 and not filing.error


def test_no_more_tries_after_the_last(world, settings):
    settings.FILING_FOLDER = str(Path(settings.FILING_FOLDER) / "finnes-ikke")
    settings.FILING_SEND_ATTEMPTS = 2
    filing = export(world).filings.first()
    DBTaskResult.objects.all().delete()
    transport.send(filing.pk)
    transport.send(filing.pk)
    filing.refresh_from_db()
    assert filing.attempts == 2 and filing.state == ArchiveFiling.State.FAILED
    assert DBTaskResult.objects.filter(task_path__endswith="send_filing").count() == 1
