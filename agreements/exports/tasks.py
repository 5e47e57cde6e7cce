"""Background tasks, run by the database-backed worker (`python manage.py db_worker`)."""

from django.tasks import task

from agreements.exports.archive import run_export_job


@task
def run_export(job_id: str) -> None:
    """Make one county archive export (an ExportJob) and store its ZIP in private storage."""
    run_export_job(job_id)
