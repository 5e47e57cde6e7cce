from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0011_country_scale_pages"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(
                condition=models.Q(
                    ("deleted_on__isnull", False),
                    ("bankrupt", True),
                    ("being_wound_up", True),
                    ("closed_on__isnull", False),
                    ("main_unit_ended", True),
                    ("missing_from_register_on__isnull", False),
                    _connector="OR",
                ),
                fields=["id"],
                name="organisation_ended_idx",
            ),
        ),
    ]
