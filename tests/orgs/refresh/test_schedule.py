"""The nightly run: queued for the worker, run by it, queuing the next night's."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from orgs.refresh.models import RegisterRefresh
from orgs.refresh.stand_in import ER
from orgs.refresh.tasks import RefreshFailed, next_night, refresh_registers_nightly

OSLO = ZoneInfo("Europe/Oslo")
WEEKLY = (RegisterRefresh.Feed.NSR, RegisterRefresh.Feed.GREP)


def queued():
    return list(
        DBTaskResult.objects.filter(
            task_path=refresh_registers_nightly.module_path, status=TaskResultStatus.READY
        ).values_list("run_after", flat=True)
    )


def weekly_lists_done():
    for feed in WEEKLY:
        RegisterRefresh.objects.for_feed(feed).succeed()


@pytest.mark.parametrize(
    "now, night",
    [
        (datetime.datetime(2026, 12, 2, 2, 59, tzinfo=OSLO), datetime.datetime(2026, 12, 2, 3)),
        (datetime.datetime(2026, 12, 2, 3, 0, tzinfo=OSLO), datetime.datetime(2026, 12, 3, 3)),
        # The night clocks go forward: 03:00 summer time.
        (datetime.datetime(2027, 3, 27, 12, 0, tzinfo=OSLO), datetime.datetime(2027, 3, 28, 3)),
    ],
)
def test_the_next_night(settings, now, night):
    settings.REGISTER_REFRESH_HOUR = 3
    assert next_night(now) == night.replace(tzinfo=OSLO)


def test_schedule_queues_one_nightly_run(db):
    out = StringIO()
    call_command("refresh_registers", schedule=True, stdout=out)
    call_command("refresh_registers", schedule=True, stdout=out)

    assert queued() == [next_night()]
    assert "Queued the nightly refresh" in out.getvalue()
    assert "Already queued" in out.getvalue()


def test_the_first_run_queues_the_nightly_run(registers):
    weekly_lists_done()
    call_command("refresh_registers", stdout=StringIO())
    call_command("refresh_registers", stdout=StringIO())

    assert queued() == [next_night()]


# The worker closes the database connection between tasks, as a worker should: no test
# transaction around this one.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_it_and_it_queues_the_next_night(registers):
    weekly_lists_done()
    refresh_registers_nightly.using(
        run_after=datetime.datetime(2026, 12, 1, 3, tzinfo=OSLO)
    ).enqueue()

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    done = DBTaskResult.objects.get(run_after=datetime.datetime(2026, 12, 1, 3, tzinfo=OSLO))
    assert done.status == TaskResultStatus.SUCCESSFUL, done.traceback
    assert queued() == [next_night()]
    assert RegisterRefresh.objects.for_feed(RegisterRefresh.Feed.MAIN_UNITS).succeeded_at
    assert registers.hits(f"{ER}/oppdateringer/enheter") == 1


def test_a_failed_night_still_queues_the_next(registers):
    weekly_lists_done()
    registers.fail(f"{ER}/oppdateringer/enheter", 500, times=100)

    with pytest.raises(RefreshFailed, match="enhetsregisteret_enheter"):
        refresh_registers_nightly.call()

    assert queued() == [next_night()]
    sub_units = RegisterRefresh.objects.for_feed(RegisterRefresh.Feed.SUB_UNITS)
    assert sub_units.state == RegisterRefresh.State.SUCCEEDED, "one failed feed stops no other"
