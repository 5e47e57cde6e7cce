"""The spreadsheet import of existing agreements (issue "Bring a county's existing agreements in")."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0016_country_scale"),
        ("orgs", "0012_ended_organisations_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportJob",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "sheet",
                    models.FileField(max_length=255, upload_to="imports/%Y/", verbose_name="sheet"),
                ),
                (
                    "sheet_name",
                    models.CharField(max_length=255, verbose_name="file name of the sheet"),
                ),
                (
                    "pdfs",
                    models.FileField(
                        blank=True,
                        max_length=255,
                        upload_to="imports/%Y/",
                        verbose_name="signed PDFs",
                    ),
                ),
                (
                    "pdfs_name",
                    models.CharField(
                        blank=True, max_length=255, verbose_name="file name of the ZIP"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("preview", "previewed, not confirmed"),
                            ("queued", "waiting to start"),
                            ("running", "running"),
                            ("done", "done"),
                            ("failed", "failed"),
                        ],
                        default="preview",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                ("preview", models.JSONField(default=list, verbose_name="preview")),
                ("left_out", models.JSONField(default=list, verbose_name="rows left out")),
                ("total", models.PositiveIntegerField(default=0, verbose_name="rows")),
                ("done", models.PositiveIntegerField(default=0, verbose_name="rows done")),
                (
                    "created",
                    models.PositiveIntegerField(default=0, verbose_name="agreements created"),
                ),
                (
                    "updated",
                    models.PositiveIntegerField(default=0, verbose_name="agreements updated"),
                ),
                ("report", models.JSONField(default=list, verbose_name="rows not imported")),
                ("error", models.TextField(blank=True, verbose_name="error")),
                ("task_id", models.CharField(blank=True, editable=False, max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished"),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="requested by",
                    ),
                ),
            ],
            options={
                "verbose_name": "spreadsheet import",
                "verbose_name_plural": "spreadsheet imports",
                "ordering": ["-created_at"],
            },
        ),
        migrations.CreateModel(
            name="ImportReference",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reference", models.CharField(max_length=100, verbose_name="external reference")),
                (
                    "imported_version",
                    models.PositiveIntegerField(verbose_name="version after the last import"),
                ),
                (
                    "agreement",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="import_reference",
                        to="agreements.agreement",
                        verbose_name="agreement",
                    ),
                ),
                (
                    "county",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="orgs.county",
                        verbose_name="county",
                    ),
                ),
                (
                    "job",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="agreements.importjob",
                    ),
                ),
            ],
            options={
                "verbose_name": "external reference",
                "verbose_name_plural": "external references",
            },
        ),
        migrations.AddIndex(
            model_name="importjob",
            index=models.Index(fields=["requested_by", "-created_at"], name="importjob_user_idx"),
        ),
        migrations.AddConstraint(
            model_name="importreference",
            constraint=models.UniqueConstraint(
                fields=("county", "reference"), name="importreference_once_per_county"
            ),
        ),
    ]
