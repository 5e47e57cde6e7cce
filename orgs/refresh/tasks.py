"""The nightly refresh, a task for the database-backed worker (`python manage.py db_worker`).

`refresh_registers_nightly` enqueues itself for the next night at REGISTER_REFRESH_HOUR
(Europe/Oslo), then runs the due feeds. `schedule_nightly_refresh` starts the chain: it enqueues
the next night's run unless one is already waiting, so running it again is harmless.
"""

import datetime

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone

from orgs.refresh.runner import refresh


class RefreshFailed(Exception):
    """One or more feeds failed; their rows say why. The next night's run is enqueued all
    the same."""


@task
def refresh_registers_nightly() -> dict:
    # The next night's run is queued first, so that it is there whatever happens to this one.
    schedule_nightly_refresh()
    outcomes = refresh()
    failed = [outcome.row.feed for outcome in outcomes if outcome.failed]
    if failed:
        raise RefreshFailed(", ".join(failed))
    return {outcome.row.feed: outcome.state for outcome in outcomes}


def next_night(now=None) -> datetime.datetime:
    """The next REGISTER_REFRESH_HOUR o'clock in Oslo after `now`."""
    now = timezone.localtime(now or timezone.now())
    at = datetime.time(settings.REGISTER_REFRESH_HOUR)
    day = now.date() if now.time() < at else now.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, at))


def next_scheduled_run():
    """When the queued nightly run is to start, or None when none is queued."""
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.filter(
            task_path=refresh_registers_nightly.module_path, status=TaskResultStatus.READY
        )
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )


def schedule_nightly_refresh(now=None) -> tuple[datetime.datetime, bool]:
    """(when the next run starts, whether this call queued it)."""
    waiting = next_scheduled_run()
    if waiting is not None:
        return waiting, False
    when = next_night(now)
    refresh_registers_nightly.using(run_after=when).enqueue()
    return when, True
