# The staff pages within the bar (issue 16): a county's and a school's own agreements from
# the index alone, and the companies a county's schools wrote about.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0020_party_company_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                fields=[
                    "county",
                    "valid_to",
                    "status",
                    "valid_from",
                    "responsible_organisation",
                    "id",
                ],
                name="agreement_county_valid_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                fields=["responsible_organisation", "valid_to", "status", "id"],
                name="agreement_responsible_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="logmessage",
            index=models.Index(
                condition=models.Q(("deleted_at__isnull", True)),
                fields=["author_school", "created_at", "organisation"],
                name="logmessage_school_time_idx",
            ),
        ),
    ]
