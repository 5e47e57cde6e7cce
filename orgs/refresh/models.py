"""Where each register's refresh stands: one row per feed (orgs/refresh/feeds.py).

A row keeps the feed's position (the last update id of Enhetsregisteret's feed that was
applied, and when that change was published), the last run (started, finished, its counts)
and the last failure. A batch's units and the new position are written in one transaction
(`record_batch`, called inside it), so a run that fails keeps the position of the last batch
it applied and the next run goes on from there.
"""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A run that has held its feed this long is taken to have died (a killed worker), and the
# next run may take the feed over.
STALE_AFTER = datetime.timedelta(hours=6)
# A nightly run starts at about the same hour each night: one that comes a little early is
# still due.
SLACK = datetime.timedelta(hours=2)
COUNTS = ("changes", "pages", "created", "updated", "unchanged", "rejected", "deleted")


class RegisterRefreshQuerySet(models.QuerySet):
    def for_feed(self, feed) -> "RegisterRefresh":
        return self.get_or_create(feed=feed)[0]

    def in_order(self) -> list["RegisterRefresh"]:
        """Every feed in the order a night runs them, with a fresh row for one never run."""
        rows = {row.feed: row for row in self.all()}
        return [rows.get(feed) or RegisterRefresh(feed=feed) for feed in RegisterRefresh.Feed]


class RegisterRefresh(models.Model):
    class Feed(models.TextChoices):
        # The order a night runs them: main units before sub-units, NSR after Enhetsregisteret.
        MAIN_UNITS = "enhetsregisteret_enheter", _("Enhetsregisteret: main units")
        SUB_UNITS = "enhetsregisteret_underenheter", _("Enhetsregisteret: sub-units")
        NSR = "nsr", _("NSR: schools")
        GREP = "grep", _("Grep: education programmes, programme areas and trades")

    # How often each feed is refreshed: Enhetsregisteret's changes every night, NSR's and
    # Grep's whole lists once a week.
    INTERVALS = {
        Feed.MAIN_UNITS: datetime.timedelta(days=1),
        Feed.SUB_UNITS: datetime.timedelta(days=1),
        Feed.NSR: datetime.timedelta(days=7),
        Feed.GREP: datetime.timedelta(days=7),
    }

    class State(models.TextChoices):
        NEVER = "never", _("never run")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    feed = models.CharField(_("feed"), max_length=40, choices=Feed.choices, unique=True)
    position = models.BigIntegerField(_("last update id applied"), null=True, blank=True)
    position_published_at = models.DateTimeField(
        _("last change applied, published"), null=True, blank=True
    )
    running_since = models.DateTimeField(_("running since"), null=True, blank=True)
    started_at = models.DateTimeField(_("last run started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("last run finished"), null=True, blank=True)
    succeeded_at = models.DateTimeField(_("last successful run"), null=True, blank=True)
    # The last run's counts, moved batch by batch with the position.
    changes = models.PositiveIntegerField(_("changes"), default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    deleted = models.PositiveIntegerField(_("deleted"), default=0)
    rejects_report = models.CharField(_("rejected rows (CSV)"), max_length=500, blank=True)
    failed_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    failure = models.TextField(_("what failed"), blank=True)

    objects = RegisterRefreshQuerySet.as_manager()

    class Meta:
        verbose_name = _("register refresh")
        verbose_name_plural = _("register refreshes")

    def __str__(self) -> str:
        return self.get_feed_display()

    # --- What the status page asks ---------------------------------------------------------------

    @property
    def interval(self) -> datetime.timedelta:
        return self.INTERVALS[self.feed]

    @property
    def is_weekly(self) -> bool:
        return self.interval >= datetime.timedelta(days=7)

    @property
    def state(self) -> str:
        if self.running_since and timezone.now() - self.running_since < STALE_AFTER:
            return self.State.RUNNING
        if self.failed_at and (not self.succeeded_at or self.failed_at >= self.succeeded_at):
            return self.State.FAILED
        return self.State.SUCCEEDED if self.succeeded_at else self.State.NEVER

    def get_state_display(self) -> str:
        return self.State(self.state).label

    def is_due(self, now=None) -> bool:
        now = now or timezone.now()
        return self.succeeded_at is None or now - self.succeeded_at >= self.interval - SLACK

    def is_overdue(self, now=None) -> bool:
        """Run once, and no success for more than a day past its interval."""
        now = now or timezone.now()
        last = self.succeeded_at or self.started_at
        return last is not None and now - last > self.interval + datetime.timedelta(days=1)

    # --- A run -----------------------------------------------------------------------------------

    def claim(self) -> bool:
        """Takes the feed for a run, unless another run holds it; the last run's counts start
        again from zero."""
        now = timezone.now()
        taken = (
            RegisterRefresh.objects.filter(pk=self.pk)
            .filter(Q(running_since__isnull=True) | Q(running_since__lt=now - STALE_AFTER))
            .update(
                running_since=now,
                started_at=now,
                finished_at=None,
                rejects_report="",
                **dict.fromkeys(COUNTS, 0),
            )
        )
        self.refresh_from_db()
        return bool(taken)

    def record_batch(
        self, summaries=(), *, changes, pages=1, deleted=0, position=None, published_at=None
    ) -> None:
        """Adds one applied batch: its counts and, for an update feed, the new position. Call
        it in the transaction that applied the batch."""
        values = {
            "changes": F("changes") + changes,
            "pages": F("pages") + pages,
            "deleted": F("deleted") + deleted,
        }
        for name in ("created", "updated", "unchanged", "rejected"):
            values[name] = F(name) + sum(getattr(summary, name) for summary in summaries)
        if position is not None:
            values |= {"position": position, "position_published_at": published_at}
        RegisterRefresh.objects.filter(pk=self.pk).update(**values)
        self.refresh_from_db()

    def restart_from(self, published_since: datetime.datetime) -> None:
        """Forgets the position: the next run reads the changes published since then."""
        self.position, self.position_published_at = None, published_since
        self.save(update_fields=["position", "position_published_at"])

    def succeed(self, rejects_report: str = "") -> None:
        now = timezone.now()
        self._finish(succeeded_at=now, finished_at=now, rejects_report=rejects_report)

    def fail(self, failure: str, rejects_report: str = "") -> None:
        now = timezone.now()
        self._finish(
            failed_at=now, finished_at=now, failure=failure[:2000], rejects_report=rejects_report
        )

    def _finish(self, **values) -> None:
        RegisterRefresh.objects.filter(pk=self.pk).update(running_since=None, **values)
        self.refresh_from_db()
