"""The county's archive exports: one row per export a coordinator starts.

The worker (agreements.exports.tasks.run_export) fills in the progress and the finished ZIP, which
lives in private storage (the default storage, never a public root).
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models.job_progress import JobProgress
from registry.fields import user_reference


class ExportJob(JobProgress, models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey(
        "orgs.County",
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("county"),
    )
    requested_by = user_reference(_("requested by"), blank=False)
    # The filters as chosen: status, valid_from, valid_to, school (organisation id),
    # changed_since (ISO dates). See agreements.exports.forms.ExportFilterForm.
    filters = models.JSONField(_("filters"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("agreements"), default=0)
    done = models.PositiveIntegerField(_("agreements done"), default=0)
    problems = models.PositiveIntegerField(_("problems"), default=0)
    archive = models.FileField(_("archive"), upload_to="exports/%Y/", blank=True, max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(_("worker started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("archive export")
        verbose_name_plural = _("archive exports")
        indexes = [
            # The county's export page lists its latest exports.
            models.Index(fields=["county", "-created_at"], name="exportjob_county_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.created_at:%Y-%m-%d %H:%M}"
