"""When and which version of an agreement was filed into the county's archive system, and the
sending of its messages (agreements/filing/transport.py).

A filing is made for each agreement of a county export (agreements/exports/archive.py): its
messages lie in the export's ZIP, in the folder `package`. "Changed since last filed" is an
agreement whose current version has no filing (AgreementFilingQueries.changed_since_filed).
"""

import uuid

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _


class ArchiveFiling(models.Model):
    class State(models.TextChoices):
        NOT_SENT = "not_sent", _("in the export only")
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("sending failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="filings",
        verbose_name=_("agreement"),
    )
    version = models.PositiveIntegerField(_("version filed"))
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    export_job = models.ForeignKey(
        "agreements.ExportJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="filings",
        verbose_name=_("archive export"),
    )
    # The folder of the export's ZIP that holds its messages, one sub-folder per message.
    package = models.CharField(_("package"), max_length=200)
    # The message types, in the order they are sent.
    messages = models.JSONField(_("messages"), default=list)
    # What the mappe said (agreements.filing.arkivmelding.Metadata), for the next update.
    metadata = models.JSONField(_("metadata filed"), default=dict)
    pdf_sha256 = models.CharField(_("SHA-256 of the sealed PDF"), max_length=64)
    state = models.CharField(
        _("sending"), max_length=10, choices=State.choices, default=State.NOT_SENT
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    receipt = models.JSONField(_("receipt"), default=dict, blank=True)
    error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("archive filing")
        verbose_name_plural = _("archive filings")
        indexes = [
            # "Changed since last filed": is this version of this agreement filed?
            models.Index(fields=["agreement", "version"], name="filing_agreement_version_idx"),
            # The export page lists the county's sends that failed or wait.
            models.Index(fields=["state", "-filed_at"], name="filing_state_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} v{self.version} {self.filed_at:%Y-%m-%d %H:%M}"


def changed_since_filed(queryset):
    """The agreements of `queryset` whose current version was never filed."""
    filed = ArchiveFiling.objects.filter(agreement=OuterRef("pk"), version=OuterRef("version"))
    return queryset.exclude(Exists(filed))
