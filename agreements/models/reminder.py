"""The reminder e-mails sent, so none is sent twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """One reminder e-mail sent: never twice for the same recipient, subject and occasion."""

    class Kind(models.TextChoices):
        EXPIRES_90 = "expires-90", _("90 days before expiry")
        EXPIRES_30 = "expires-30", _("30 days before expiry")
        MONTHLY = "monthly", _("monthly county summary")
        MEETING_DUE = "meeting-due", _("yearly meeting due")
        MEETING_OVERDUE = "meeting-late", _("yearly meeting overdue")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # The agreement for expiry and yearly meeting reminders; the county and month for
    # summaries. The period is YYYY-MM: the month of a summary, the first month of the season
    # of a yearly meeting reminder ("" for expiry reminders).
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.CASCADE, null=True, blank=True
    )
    county = models.ForeignKey("orgs.County", on_delete=models.CASCADE, null=True, blank=True)
    period = models.CharField(max_length=7, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "registry_remindersent"  # the table it had when it lived in registry/
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "agreement", "period"],
                condition=models.Q(agreement__isnull=False),
                name="reminder_once_per_agreement",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "county", "period"],
                condition=models.Q(county__isnull=False),
                name="summary_once_per_county_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user}"
