"""The import's background task, run by the database-backed worker (`manage.py db_worker`)."""

from django.tasks import task

from agreements.spreadsheet.importing import run_import_job


@task
def run_import(job_id: str) -> None:
    """Import the confirmed rows of one ImportJob."""
    run_import_job(job_id)
