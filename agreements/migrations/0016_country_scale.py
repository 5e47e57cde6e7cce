"""Indexes for pages that count or list a whole county or the country (issue "A whole country
at once"): the public agreements' ids from the index alone, a county's counts, an agreement's
state from its id, an organisation's agreements."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0015_responsible_organisation"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="agreement",
            name="agreement_public_idx",
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                fields=["status", "valid_to", "id"], name="agreement_public_ids_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                fields=["county", "status", "valid_from", "valid_to"],
                name="agreement_county_state_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                fields=["id", "status", "valid_from", "valid_to"], name="agreement_state_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="party",
            index=models.Index(
                fields=["organisation", "agreement"], name="party_organisation_agr_idx"
            ),
        ),
    ]
