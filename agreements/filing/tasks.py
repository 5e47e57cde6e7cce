"""The worker's tasks of filing (`python manage.py db_worker`)."""

from django.tasks import task

from agreements.filing import transport


@task
def send_filing(filing_id: str) -> None:
    """One try at sending a filing's messages; a failure queues the next try itself."""
    transport.send(filing_id)
