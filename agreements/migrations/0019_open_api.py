"""The open API (issue "An open API")."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0018_archive_filing"),
    ]

    operations = []
