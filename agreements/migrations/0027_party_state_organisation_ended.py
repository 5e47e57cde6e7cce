from django.db import migrations, models

# The rows as their writer (agreements/models/party_state.refresh_party_rows) writes them: the
# rule of Organisation.objects.ended() (orgs.models.organisation.ENDED) as it stands today.
FILL = (
    "UPDATE agreements_partystate SET organisation_ended = TRUE WHERE organisation_id IN"
    " (SELECT id FROM orgs_organisation WHERE deleted_on IS NOT NULL OR bankrupt"
    " OR being_wound_up OR closed_on IS NOT NULL OR main_unit_ended"
    " OR missing_from_register_on IS NOT NULL)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0026_area_state"),
        ("orgs", "0015_organisation_place_public_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="partystate",
            name="organisation_ended",
            field=models.BooleanField(default=False),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="partystate",
            index=models.Index(
                condition=models.Q(("organisation_ended", True)),
                fields=["agreement"],
                name="party_state_ended_idx",
            ),
        ),
    ]
