from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_search_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="bankrupt",
            field=models.BooleanField(default=False, verbose_name="bankrupt"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="being_wound_up",
            field=models.BooleanField(default=False, verbose_name="being wound up"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="deleted_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="deleted from the register"
            ),
        ),
        migrations.AddField(
            model_name="programmearea",
            name="active",
            field=models.BooleanField(default=True, verbose_name="active"),
        ),
        migrations.AddField(
            model_name="trade",
            name="active",
            field=models.BooleanField(default=True, verbose_name="active"),
        ),
    ]
