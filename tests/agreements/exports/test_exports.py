"""The county's archive export: who may start it, the worker, the ZIP and its index."""

import csv
import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agreements.exports.archive import run_export_job
from agreements.exports.pdf import document_identifier
from agreements.models import Agreement, ExportJob, Party
from registry.models import User
from tests.factories import AgreementFactory
from tests.pdf_checks import pdf_text, pdfa_identification
from tests.staff_world import act, build_world

pytestmark = pytest.mark.django_db

SIGNED = b"%PDF-1.4\n% the signed original, as uploaded\n%%EOF\n"


@pytest.fixture
def world(settings):
    settings.EXPORT_PDF_PROCESSES = 1  # one test below runs the process pool
    world = build_world()
    world.agreement.document.save("signert.pdf", ContentFile(SIGNED))
    world.second = AgreementFactory(
        title="Elektrofag på Byåsen", schools=[world.byasen], partners=[world.training_office]
    )
    world.nordland = AgreementFactory(
        title="Akvakultur i Meløy", schools=[world.meloy_school], partners=[world.grytaga]
    )
    world.admin = User.objects.create_superuser("admin", password="x")
    return world


def login(client, world, user):
    if user != "anonymous":
        client.force_login({**world.users(), "admin": world.admin}[user])


def make_job(world, **filters):
    return ExportJob.objects.create(
        county=world.agreement.county, requested_by=world.coordinator_trondelag, filters=filters
    )


def run(job):
    run_export_job(job.pk)
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE, job.error
    return zipfile.ZipFile(job.archive.open("rb"))


def index_of(archive):
    entries = json.loads(archive.read("index.json"))
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    assert [e["document_identifier"] for e in entries] == [r["document_identifier"] for r in rows]
    return {e["document_identifier"]: e for e in entries}, rows


# --- Permissions ----------------------------------------------------------------------------

USERS = [
    "anonymous",
    "student",
    "meloy_teacher",
    "strinda_teacher",
    "coordinator_trondelag",
    "coordinator_nordland",
    "admin",
]
# Who reaches which export page: tests/test_permission_matrix.py.


@pytest.mark.parametrize("user", USERS)
def test_only_the_countys_coordinators_and_admins_start_an_export(client, world, user):
    login(client, world, user)
    response = client.post("/ansatt/eksport/50/", {"status": ""})
    allowed = user in ("coordinator_trondelag", "admin")
    assert response.status_code == (302 if allowed or user == "anonymous" else 403)
    assert ExportJob.objects.exists() is allowed


def test_the_start_page_sends_a_coordinator_to_their_county(client, world):
    login(client, world, "coordinator_nordland")
    assert client.get("/ansatt/eksport/").url == "/ansatt/eksport/18/"
    login(client, world, "admin")
    html = client.get("/ansatt/eksport/").content.decode()
    assert "/ansatt/eksport/18/" in html and "/ansatt/eksport/50/" in html


def test_a_missing_county_or_job_is_404(client, world):
    login(client, world, "admin")
    assert client.get("/ansatt/eksport/99/").status_code == 404
    missing = "/ansatt/eksport/jobb/00000000-0000-0000-0000-000000000000/"
    assert client.get(missing).status_code == 404


# --- Starting, the real queue and worker, progress -------------------------------------------


# The worker closes its database connections between tasks, as in production: outside a
# test transaction, so that it works on PostgreSQL too.
@pytest.mark.django_db(transaction=True)
def test_starting_an_export_enqueues_it_and_the_worker_runs_it(client, world, settings):
    settings.EXPORT_PDF_PROCESSES = 2  # the worker's process pool
    login(client, world, "coordinator_trondelag")
    response = client.post("/ansatt/eksport/50/", {"status": "", "valid_from": "", "school": ""})
    job = ExportJob.objects.get()
    assert response.url == f"/ansatt/eksport/jobb/{job.pk}/"
    task = DBTaskResult.objects.get(id=job.task_id)
    assert task.task_path == "agreements.exports.tasks.run_export"
    assert task.args_kwargs["args"] == [str(job.pk)]

    page = client.get(response.url)
    assert "Venter på at" in page.content.decode() or "<progress" in page.content.decode()
    assert page["Refresh"] == "2", "the page reloads itself while the export runs"
    assert client.get(f"{response.url}status.json").json()["state"] == "queued"
    assert client.get(f"{response.url}arkiv.zip").status_code == 404, "not finished yet"

    call_command("db_worker", "--batch", "--no-startup-delay")

    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE, job.error
    assert (job.total, job.done, job.problems) == (2, 2, 0)
    status = client.get(f"{response.url}status.json").json()
    assert status["state"] == "done" and status["percent"] == 100
    page = client.get(response.url)
    assert "Refresh" not in page
    assert f"/ansatt/eksport/jobb/{job.pk}/arkiv.zip" in page.content.decode()
    download = client.get(status["download"])
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.testzip() is None
    top = [n for n in archive.namelist() if not n.startswith("arkivmeldinger/")]  # filing's
    assert len([n for n in top if n.endswith(".pdf")]) == 3  # 2 PDFs + 1 signed
    assert "index.csv" in archive.namelist() and "index.json" in archive.namelist()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"changed_since": "ikke en dato"}, "changed_since", "Oppgi en gyldig dato"),
        ({"valid_from": "2027-01-01", "valid_to": "2026-01-01"}, "valid_to", "kan ikke slutte"),
        ({"status": "deleted"}, "status", "Velg et gyldig valg"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_starts_nothing(
    client, world, data, field, message
):
    login(client, world, "coordinator_trondelag")
    response = client.post("/ansatt/eksport/50/", data)
    assert response.status_code == 400
    html = response.content.decode()
    error = html.split(f'id="id_{field}_error"', 1)[1].split("</p>", 1)[0]
    assert message in error or "before" in error
    assert f'aria-describedby="id_{field}_error' in html or f"id_{field}_error" in html
    assert not ExportJob.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_county_page_costs_the_same_with_3_and_30_exports(client, world):
    login(client, world, "coordinator_trondelag")

    def count(n):
        for _ in range(n):
            make_job(world)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/ansatt/eksport/50/").status_code == 200
        return len(queries)

    three = count(3)
    assert count(27) == three


# --- The ZIP --------------------------------------------------------------------------------


def test_the_zip_holds_pdfs_documents_and_an_index_with_checksums(world):
    archive = run(make_job(world))
    entries, rows = index_of(archive)
    agreement = world.agreement
    identifier = document_identifier(agreement)
    assert set(entries) == {identifier, document_identifier(world.second)}, "only Trøndelag"
    entry = entries[identifier]
    assert entry["title"] == "Helsefag i Trondheim"
    assert entry["status"] == "draft"
    assert entry["valid_from"] == agreement.valid_from.isoformat()
    assert {(p["orgnr"], p["role"]) for p in entry["parties"]} == {
        (world.strinda.orgnr, "school"),
        (world.training_office.orgnr, "training_office"),
    }
    assert entry["problems"] == []
    # Every file named in the index is in the ZIP with the checksum the index gives.
    for e in entries.values():
        pdf = archive.read(e["pdf_file"])
        assert hashlib.sha256(pdf).hexdigest() == e["pdf_sha256"]
        assert pdfa_identification(pdf) == ("2", "A")
    pdf_text_ = pdf_text(archive.read(entry["pdf_file"]))
    assert world.strinda.orgnr in pdf_text_ and identifier in pdf_text_
    signed = archive.read(entry["document_file"])
    assert signed == SIGNED, "the signed document travels as uploaded"
    assert hashlib.sha256(signed).hexdigest() == entry["document_sha256"]
    row = next(r for r in rows if r["document_identifier"] == identifier)
    assert row["pdf_sha256"] == entry["pdf_sha256"]
    assert world.strinda.orgnr in row["parties"]


def test_filters_status_period_and_school(world):
    entries, _ = index_of(run(make_job(world, status="published")))
    assert set(entries) == {document_identifier(world.second)}
    entries, _ = index_of(run(make_job(world, school=world.strinda.pk)))
    assert set(entries) == {document_identifier(world.agreement)}
    far = (world.agreement.valid_to + datetime.timedelta(days=1)).isoformat()
    entries, _ = index_of(run(make_job(world, valid_from=far)))
    assert document_identifier(world.agreement) not in entries


def test_changed_since_gives_only_what_changed(world):
    long_ago = timezone.now() - datetime.timedelta(days=60)
    Agreement.objects.update(updated_at=long_ago)
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    entries, _ = index_of(run(make_job(world, changed_since=since)))
    assert entries == {}
    act(world.second, "withdraw", world.coordinator_trondelag, reason="x")
    entries, _ = index_of(run(make_job(world, changed_since=since)))
    assert set(entries) == {document_identifier(world.second)}
    assert entries[document_identifier(world.second)]["status"] == "withdrawn"


def test_a_broken_agreement_is_reported_in_the_index_not_fatal(world):
    # The signed document is gone from storage, and the partner has been removed meanwhile.
    world.agreement.document.storage.delete(world.agreement.document.name)
    Party.objects.filter(agreement=world.agreement).exclude(role=Party.Role.SCHOOL).delete()
    job = make_job(world)
    archive = run(job)
    entries, rows = index_of(archive)
    broken = entries[document_identifier(world.agreement)]
    assert any("mangler" in p or "missing" in p for p in broken["problems"]), broken
    assert any("Færre enn to parter" in p for p in broken["problems"]), broken
    assert broken["document_file"] is None
    assert broken["pdf_file"] in archive.namelist(), "its PDF is still made"
    assert entries[document_identifier(world.second)]["problems"] == []
    assert job.problems == 1 and job.done == 2
    row = next(r for r in rows if r["document_identifier"] == broken["document_identifier"])
    assert row["problems"]


def test_the_archive_is_kept_in_private_storage(world, settings):
    from pathlib import Path

    job = make_job(world)
    run(job)
    job.refresh_from_db()
    path = Path(job.archive.path).resolve()
    assert path.is_relative_to(Path(settings.STORAGES["default"]["OPTIONS"]["location"]))
    for public_root in (settings.STATIC_ROOT, *settings.STATICFILES_DIRS):
        assert not path.is_relative_to(Path(public_root).resolve())


def test_a_job_runs_once(world):
    job = make_job(world)
    run(job)
    finished = job.finished_at
    run_export_job(job.pk)  # delivered twice
    job.refresh_from_db()
    assert job.finished_at == finished
