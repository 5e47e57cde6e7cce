"""The shared log: staff's notes about an organisation, never shown to the public."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.models.agreement import Agreement
from agreements.models.fields import optional_reference
from orgs.models import Organisation


class LogMessageQuerySet(models.QuerySet):
    def visible(self):
        """Not deleted. Deletion is soft: the history keeps what was written."""
        return self.filter(deleted_at__isnull=True)

    def recent_contacts(self, organisations, *, excluding_schools=(), days: int = 30):
        """Messages about these organisations in the last `days` days by other schools' staff."""
        since = timezone.now() - datetime.timedelta(days=days)
        return (
            self.visible()
            .filter(organisation__in=organisations, created_at__gte=since)
            .exclude(author_school_id__in=excluding_schools)
            .select_related("author", "author_school", "organisation")
            .order_by("-created_at")
        )


class LogMessage(models.Model):
    """A staff member's note about an organisation. Never shown to the public."""

    class Kind(models.TextChoices):
        CONTACTED = "contacted", _("contacted")
        AWAITING_ANSWER = "awaiting", _("awaiting answer")
        ANSWER_YES = "yes", _("answer yes")
        ANSWER_NO = "no", _("answer no")
        NOTE = "note", _("note")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="log_messages",
        verbose_name=_("organisation"),
    )
    agreement = optional_reference(Agreement, _("agreement"), related_name="log_messages")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    body = models.TextField(_("message"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="log_messages",
        verbose_name=_("author"),
    )
    author_school = optional_reference(Organisation, _("author's school"), related_name="+")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    objects = LogMessageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("log message")
        verbose_name_plural = _("log messages")
        indexes = [
            # The shared log of one organisation, newest first.
            models.Index(fields=["organisation", "-created_at"], name="logmessage_org_time_idx"),
            # The companies a county's schools wrote about (the county overview), from the index.
            models.Index(
                fields=["author_school", "created_at", "organisation"],
                condition=models.Q(deleted_at__isnull=True),
                name="logmessage_school_time_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:50]}"
