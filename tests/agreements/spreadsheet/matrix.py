"""The spreadsheet imports the permission matrix names (tests/test_permission_matrix.py): one
previewed and one finished, both uploaded by Trøndelag's coordinator."""

from django.core.files.base import ContentFile

from agreements.models import ImportJob


def import_job_keys(world) -> dict:
    jobs = {}
    for key, state in (
        ("import_preview", ImportJob.State.PREVIEW),
        ("import_done", ImportJob.State.DONE),
    ):
        job = ImportJob(
            requested_by=world.coordinator_trondelag,
            sheet_name="avtaler.csv",
            state=state,
            preview=[],
            report=[{"row": 2, "reference": "SAK-1", "title": "Avtale", "reason": "Feil."}],
        )
        job.sheet.save("avtaler.csv", ContentFile(b"Tittel\r\n"), save=False)
        job.save()
        jobs[key] = job.pk
    return jobs


def import_state() -> dict:
    """What a refused request must leave as it was."""
    return {
        "imports": list(ImportJob.objects.order_by("pk").values_list("pk", "state", "left_out"))
    }
