from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    """Organisation.public_until for the agreements there are: the rule as
    AgreementQuerySet.public_on_some_day wrote it when this migration was made (published; the
    latest valid_to). From then on OrganisationQuerySet.refresh_public_until writes it."""
    Agreement = apps.get_model("agreements", "Agreement")
    Party = apps.get_model("agreements", "Party")
    Organisation = apps.get_model("orgs", "Organisation")
    latest = (
        Agreement.objects.filter(parties__organisation=OuterRef("pk"), status="published")
        .order_by("-valid_to")
        .values("valid_to")[:1]
    )
    Organisation.objects.filter(pk__in=Party.objects.values("organisation_id")).update(
        public_until=Subquery(latest)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0013_search_words"),
        ("agreements", "0022_subject_link_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="public_until",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
