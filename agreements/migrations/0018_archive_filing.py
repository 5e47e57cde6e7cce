"""Filing agreements into the county's archive system (issue "File agreements into the county's
archive system")."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0017_spreadsheet_import"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArchiveFiling",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("version", models.PositiveIntegerField(verbose_name="version filed")),
                ("filed_at", models.DateTimeField(auto_now_add=True, verbose_name="filed")),
                ("package", models.CharField(max_length=200, verbose_name="package")),
                ("messages", models.JSONField(default=list, verbose_name="messages")),
                ("metadata", models.JSONField(default=dict, verbose_name="metadata filed")),
                (
                    "pdf_sha256",
                    models.CharField(max_length=64, verbose_name="SHA-256 of the sealed PDF"),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("not_sent", "in the export only"),
                            ("pending", "waiting to be sent"),
                            ("sent", "sent"),
                            ("failed", "sending failed"),
                        ],
                        default="not_sent",
                        max_length=10,
                        verbose_name="sending",
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("receipt", models.JSONField(blank=True, default=dict, verbose_name="receipt")),
                ("error", models.TextField(blank=True, verbose_name="last error")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="filings",
                        to="agreements.agreement",
                        verbose_name="agreement",
                    ),
                ),
                (
                    "export_job",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="filings",
                        to="agreements.exportjob",
                        verbose_name="archive export",
                    ),
                ),
            ],
            options={
                "verbose_name": "archive filing",
                "verbose_name_plural": "archive filings",
                "ordering": ["-filed_at"],
                "indexes": [
                    models.Index(
                        fields=["agreement", "version"], name="filing_agreement_version_idx"
                    ),
                    models.Index(fields=["state", "-filed_at"], name="filing_state_time_idx"),
                ],
            },
        ),
    ]
