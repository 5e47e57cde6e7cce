"""One refresh: each due feed in turn, its failure recorded on its row.

What `manage.py refresh_registers` and the nightly task (orgs/refresh/tasks.py) run. A feed is
due when its interval has passed since its last success (RegisterRefresh.is_due): the update
feeds every night, NSR and Grep once a week; a failed feed is due again the next night. A
failure of one feed does not stop the others.
"""

import logging
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

from orgs.importers import RejectsReport, default_report_path
from orgs.refresh.client import RegisterClient, RegisterUnavailable
from orgs.refresh.feeds import FEEDS, FeedError
from orgs.refresh.models import RegisterRefresh
from registry.public_cache import data_changed

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    row: RegisterRefresh
    state: str  # succeeded, failed, skipped (not due) or busy (another run holds the feed)

    @property
    def failed(self) -> bool:
        return self.state == "failed"

    def line(self) -> str:
        row = self.row
        if self.state == "skipped":
            return f"{row.feed}: not due"
        if self.state == "busy":
            return f"{row.feed}: another run holds it"
        counts = (
            f"{row.changes} changes in {row.pages} pages: {row.created} created, "
            f"{row.updated} updated, {row.unchanged} unchanged, {row.rejected} rejected, "
            f"{row.deleted} deleted"
        )
        if self.failed:
            return f"{row.feed}: FAILED after {counts}: {row.failure}"
        return f"{row.feed}: {counts}" + (f" (position {row.position})" if row.position else "")


def refresh(feeds=None, *, force: bool = False) -> list[Outcome]:
    """Runs the given feeds (default: the due ones; `force`: every one) in their order."""
    outcomes = []
    with RegisterClient() as client:
        for feed in RegisterRefresh.Feed:
            if feeds is not None and feed not in feeds:
                continue
            row = RegisterRefresh.objects.for_feed(feed)
            if not (force or feeds is not None or row.is_due()):
                outcomes.append(Outcome(row, "skipped"))
                continue
            if not row.claim():
                outcomes.append(Outcome(row, "busy"))
                continue
            outcomes.append(run_feed(row, client))
    return outcomes


def run_feed(row: RegisterRefresh, client) -> Outcome:
    report_path = default_report_path(f"refresh-{row.feed}")
    with (
        tempfile.TemporaryDirectory(prefix=f"refresh-{row.feed}-") as workdir,
        RejectsReport(report_path) as report,
    ):
        try:
            FEEDS[row.feed].run(row, client, Path(workdir), report)
        except Exception as error:
            logger.exception("The refresh of %s failed", row.feed)
            row.fail(failure_text(error), str(report.path) if report.by_reason else "")
            return Outcome(row, "failed")
        finally:
            data_changed()  # the feeds write in bulk, past the model signals
    row.succeed(str(report.path) if report.by_reason else "")
    return Outcome(row, "succeeded")


def failure_text(error: Exception) -> str:
    """What failed: a register's answer in its own words; any other error with the line
    that raised it (the log has the whole traceback)."""
    if isinstance(error, RegisterUnavailable | FeedError):
        return str(error)
    text = f"{type(error).__name__}: {error}"
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        text += f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})"
    return text
