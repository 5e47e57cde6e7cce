"""The import from the upload to the saved agreements: the preview saves nothing, confirming
saves exactly the rows previewed as ready, through the workflow, with the history entry."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from agreements.models import Agreement, CountyRoutine, ImportJob, ImportReference, Party
from agreements.spreadsheet.importing import run_import_job
from registry.models import CountyCoordinator
from tests.agreements.spreadsheet.sheets import PDF, agreement_row, csv_file, xlsx, zip_of

pytestmark = pytest.mark.django_db

HOME = "/ansatt/import/"


def upload(client, sheet, pdfs=None):
    data = {"sheet": sheet}
    if pdfs is not None:
        data["pdfs"] = pdfs
    return client.post(HOME, data)


def preview_of(client, sheet, pdfs=None):
    response = upload(client, sheet, pdfs)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportJob.objects.get(), response["Location"]


def confirm(client, job, leave_out=()):
    """Confirms, and runs the queued import as the worker would (the worker itself: below)."""
    response = client.post(reverse("spreadsheet:preview", args=[job.pk]), {"leave_out": leave_out})
    assert response.status_code == 302
    assert DBTaskResult.objects.get(id=ImportJob.objects.get(pk=job.pk).task_id)
    run_import_job(job.pk)
    job.refresh_from_db()
    return job


def saved_state():
    return (Agreement.objects.count(), Party.objects.count(), Agreement.history.count())


def test_the_preview_saves_nothing_and_confirming_saves_the_rows(coordinator, world):
    before = saved_state()
    rows = [
        agreement_row(world.strinda, world.training_office, 1, document="en.pdf"),
        agreement_row(world.byasen, world.grytaga, 2, status="utkast"),
        agreement_row(world.strinda, world.grytaga, 3, valid_to="01.01.2020"),
    ]
    job, location = preview_of(coordinator, xlsx(rows), zip_of({"mappe/en.pdf": PDF}))
    assert saved_state() == before
    page = coordinator.get(location)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Avtale nummer 1" in text and world.strinda.name in text
    assert "Gyldig til" in text  # the problem beside its column
    assert [e["action"] for e in job.preview] == ["create", "create", "error"]

    job = confirm(coordinator, job)
    assert job.state == ImportJob.State.DONE, job.error
    assert (job.created, job.updated) == (2, 0)
    assert [entry["row"] for entry in job.report] == [4]
    first = Agreement.objects.get(title="Avtale nummer 1")
    assert first.status == Agreement.Status.PUBLISHED  # a coordinator publishes directly
    assert first.document_name == "en.pdf" and first.document.read() == PDF
    assert first.county == world.strinda.municipality.county
    assert Agreement.objects.get(title="Avtale nummer 2").status == Agreement.Status.DRAFT
    record = first.history.latest()
    assert record.history_change_reason == (
        f"importert fra avtaler.xlsx av {world.coordinator_trondelag.get_full_name()}"
    )
    assert first.history.count() == 1
    assert ImportReference.objects.get(agreement=first).reference == "SAK-1"
    report = coordinator.get(reverse("spreadsheet:report", args=[job.pk]))
    assert "Avtale nummer 3" in report.content.decode("utf-8-sig")
    progress = coordinator.get(reverse("spreadsheet:progress", args=[job.pk]))
    assert "Refresh" not in progress and "2" in progress.content.decode()


def test_rows_left_out_when_confirming_are_not_saved(coordinator, world):
    rows = [agreement_row(world.strinda, world.grytaga, n) for n in (1, 2)]
    job, _location = preview_of(coordinator, xlsx(rows))
    job = confirm(coordinator, job, leave_out=["3"])
    assert list(
        Agreement.objects.filter(title__startswith="Avtale nummer").values_list("title", flat=True)
    ) == ["Avtale nummer 1"]
    assert job.report[0]["row"] == 3


def test_the_county_routine_sends_school_staff_rows_for_approval(client, world):
    CountyRoutine.objects.create(county=world.strinda.municipality.county, approval_required=True)
    client.force_login(world.strinda_teacher)
    job, _location = preview_of(client, csv_file([agreement_row(world.strinda, world.grytaga)]))
    confirm(client, job)
    saved = Agreement.objects.get(title="Avtale nummer 1")
    assert saved.status == Agreement.Status.SUBMITTED
    assert list(saved.responsible_staff.all()) == [world.strinda_teacher]


def test_school_staff_import_for_their_own_school_only(client, world):
    client.force_login(world.strinda_teacher)
    rows = [
        agreement_row(world.strinda, world.grytaga, 1),
        agreement_row(world.byasen, world.grytaga, 2),
    ]
    job, _location = preview_of(client, xlsx(rows))
    assert [e["action"] for e in job.preview] == ["create", "error"]
    assert "Byåsen" in str(job.preview[1]["errors"])


def test_a_coordinator_imports_for_their_county_only(coordinator, world):
    job, _location = preview_of(
        coordinator, xlsx([agreement_row(world.meloy_school, world.grytaga)])
    )
    assert job.preview[0]["action"] == "error"
    assert "Meløy" in str(job.preview[0]["errors"])


def test_rights_are_checked_again_when_the_import_runs(coordinator, world):
    job, _location = preview_of(coordinator, xlsx([agreement_row(world.strinda, world.grytaga)]))
    coordinator.post(reverse("spreadsheet:preview", args=[job.pk]))
    CountyCoordinator.objects.filter(user=world.coordinator_trondelag).delete()
    run_import_job(job.pk)
    job.refresh_from_db()
    assert Agreement.objects.filter(title="Avtale nummer 1").count() == 0
    assert job.state == ImportJob.State.DONE
    assert job.report and "Strinda" in job.report[0]["reason"]


def test_party_names_resolve_and_ambiguous_ones_list_the_candidates(coordinator, world):
    rows = [
        agreement_row(
            world.strinda,
            world.grytaga,
            1,
            parties="Strinda videregående skole; Grytåga settefisk AS",
        ),
        agreement_row(
            world.strinda, world.grytaga, 2, parties="videregående skole; Grytåga settefisk AS"
        ),
    ]
    job, _location = preview_of(coordinator, xlsx(rows))
    assert job.preview[0]["action"] == "create", job.preview[0]["errors"]
    assert [p["orgnr"] for p in job.preview[0]["parties"]] == [
        world.strinda.orgnr,
        world.grytaga.orgnr,
    ] or {p["orgnr"] for p in job.preview[0]["parties"]} == {
        world.strinda.orgnr,
        world.grytaga.orgnr,
    }
    problems = str(job.preview[1]["errors"])
    assert world.strinda.orgnr in problems and world.byasen.orgnr in problems


def test_each_problem_is_told_in_bokmal_beside_its_cell(coordinator, world):
    rows = [
        agreement_row(world.strinda, world.grytaga, 1, parties=f"999999999; {world.grytaga.orgnr}"),
        agreement_row(world.strinda, world.grytaga, 2, valid_from="31.02.2026"),
        agreement_row(
            world.strinda, world.grytaga, 3, valid_from="01.08.2027", valid_to="01.08.2026"
        ),
        agreement_row(world.grytaga, world.training_office, 4),
        agreement_row(world.strinda, world.grytaga, 5, document="mangler.pdf"),
        agreement_row(world.strinda, world.grytaga, 6, cooperation_types="Ukjent form"),
    ]
    job, _location = preview_of(coordinator, xlsx(rows), zip_of({"annet.pdf": b"not a pdf"}))
    errors = [dict(e["errors"]) for e in job.preview]
    assert "999999999" in errors[0]["parties"][0]
    assert "valid_from" in errors[1]
    assert "valid_to" in errors[2]
    assert any("skole" in m for m in errors[3]["parties"])
    assert "mangler.pdf" in errors[4]["document"][0]
    assert "Ukjent form" in errors[5]["cooperation_types"][0]


def test_a_file_in_the_zip_that_is_not_a_pdf(coordinator, world):
    rows = [agreement_row(world.strinda, world.grytaga, document="falsk.pdf")]
    job, _location = preview_of(coordinator, xlsx(rows), zip_of({"falsk.pdf": b"<html>"}))
    assert "PDF" in dict(job.preview[0]["errors"])["document"][0]


# The worker closes its database connections between tasks: outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_import_once_when_confirmed_twice(coordinator, world):
    job, _location = preview_of(coordinator, xlsx([agreement_row(world.strinda, world.grytaga)]))
    url = reverse("spreadsheet:preview", args=[job.pk])
    coordinator.post(url)
    assert coordinator.get(reverse("spreadsheet:progress", args=[job.pk]))["Refresh"] == "2"
    coordinator.post(url)
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert Agreement.objects.filter(title="Avtale nummer 1").count() == 1
    assert ImportJob.objects.get().state == ImportJob.State.DONE


def test_html_in_a_cell_is_shown_as_text(coordinator, world):
    row = agreement_row(world.strinda, world.grytaga, title="<script>alert(1)</script>")
    _job, location = preview_of(coordinator, xlsx([row]))
    text = coordinator.get(location).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_an_import_is_followed_by_the_one_who_uploaded_it(client, coordinator, world):
    job, location = preview_of(coordinator, xlsx([agreement_row(world.strinda, world.grytaga)]))
    client.force_login(world.strinda_teacher)
    assert client.get(location).status_code == 403
    assert client.post(location).status_code == 403
    assert ImportJob.objects.get().state == ImportJob.State.PREVIEW
