"""`manage.py refresh_registers [--feed NAME …] [--all] [--since DATE] [--schedule]`

Fetches what changed in the national registers since the last run and applies it through the
importers (orgs/refresh/): Enhetsregisteret's update feeds every night, NSR's and Grep's lists
once a week. Without arguments it runs the feeds that are due and, the first time, queues the
nightly run for the worker (`manage.py db_worker`). `--schedule` only queues it.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from orgs.refresh.models import RegisterRefresh
from orgs.refresh.runner import refresh
from orgs.refresh.tasks import schedule_nightly_refresh

UPDATE_FEEDS = (RegisterRefresh.Feed.MAIN_UNITS, RegisterRefresh.Feed.SUB_UNITS)


def oslo_midnight(value: str) -> datetime.datetime:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since takes a date (YYYY-MM-DD), not {value!r}") from None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class Command(BaseCommand):
    help = "Applies what changed in Enhetsregisteret, NSR and Grep since the last run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--feed",
            action="append",
            choices=RegisterRefresh.Feed.values,
            help="Run this feed, due or not (repeat for several). Default: the due ones.",
        )
        parser.add_argument("--all", action="store_true", help="Run every feed, due or not.")
        parser.add_argument(
            "--since",
            help="Read Enhetsregisteret's changes published from this date (Oslo), "
            "forgetting the position: after a full import, give the download's date.",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Only queue the nightly run for the worker (unless one is queued already).",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            self.schedule()
            return
        if options["since"]:
            since = oslo_midnight(options["since"])
            for feed in UPDATE_FEEDS:
                RegisterRefresh.objects.for_feed(feed).restart_from(since)
        first_run = not RegisterRefresh.objects.filter(started_at__isnull=False).exists()
        outcomes = refresh(options["feed"], force=options["all"])
        for outcome in outcomes:
            style = self.style.ERROR if outcome.failed else self.style.SUCCESS
            self.stdout.write(style(outcome.line()))
            if outcome.row.rejects_report:
                self.stdout.write(f"  rejected rows written to {outcome.row.rejects_report}")
        if first_run:
            self.schedule()
        failed = [outcome.row.feed for outcome in outcomes if outcome.failed]
        if failed:
            raise CommandError(f"The refresh failed for {', '.join(failed)}; run it again.")

    def schedule(self):
        when, queued = schedule_nightly_refresh()
        moment = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
        verb = "Queued" if queued else "Already queued:"
        self.stdout.write(f"{verb} the nightly refresh at {moment} (run by manage.py db_worker).")
