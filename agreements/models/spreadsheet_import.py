"""The spreadsheet import of existing agreements (agreements/spreadsheet/).

An ImportJob is one uploaded sheet (and its ZIP of signed PDFs): previewed (its rows checked and
the result kept, no agreement saved), then confirmed and run by the worker
(agreements.spreadsheet.tasks.run_import). An ImportReference ties an agreement to the external
reference a sheet gave it, so that importing the sheet again updates it instead of making a
second one, and tells a change made in the registry since (a conflict) from one that was not.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models.job_progress import JobProgress
from registry.fields import user_reference


class ImportJob(JobProgress, models.Model):
    class State(models.TextChoices):
        PREVIEW = "preview", _("previewed, not confirmed")
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = user_reference(_("requested by"), blank=False)
    # Kept in private storage (the default storage) between the preview and the import.
    sheet = models.FileField(_("sheet"), upload_to="imports/%Y/", max_length=255)
    sheet_name = models.CharField(_("file name of the sheet"), max_length=255)
    pdfs = models.FileField(_("signed PDFs"), upload_to="imports/%Y/", blank=True, max_length=255)
    pdfs_name = models.CharField(_("file name of the ZIP"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PREVIEW
    )
    # The preview: one entry a row, as agreements.spreadsheet.preview.preview_rows makes them.
    preview = models.JSONField(_("preview"), default=list)
    # The row numbers the user chose to leave out when confirming.
    left_out = models.JSONField(_("rows left out"), default=list)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    created = models.PositiveIntegerField(_("agreements created"), default=0)
    updated = models.PositiveIntegerField(_("agreements updated"), default=0)
    # The rows not imported and why: [{"row": 7, "reference": "…", "title": "…", "reason": "…"}].
    report = models.JSONField(_("rows not imported"), default=list)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="importjob_user_idx")]

    def __str__(self) -> str:
        return self.sheet_name


class ImportReference(models.Model):
    """The external reference an imported agreement has, unique in its county, and the version
    the last import left it at."""

    agreement = models.OneToOneField(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        related_name="import_reference",
        verbose_name=_("agreement"),
    )
    county = models.ForeignKey(
        "orgs.County", on_delete=models.CASCADE, related_name="+", verbose_name=_("county")
    )
    reference = models.CharField(_("external reference"), max_length=100)
    imported_version = models.PositiveIntegerField(_("version after the last import"))
    job = models.ForeignKey(
        ImportJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("external reference")
        verbose_name_plural = _("external references")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "reference"], name="importreference_once_per_county"
            )
        ]

    def __str__(self) -> str:
        return self.reference
