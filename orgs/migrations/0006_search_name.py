from django.db import migrations, models

from registry.migration_ops import in_batches, postgresql_only, update_rows
from registry.text import normalise_search_text


def refold(apps, schema_editor):
    """Rewrites the search columns with the folding of registry.text (æ/ø/å, accents,
    abbreviations, the municipality's name), as the models' search_columns do."""
    Organisation = apps.get_model("orgs", "Organisation")
    names = dict(apps.get_model("orgs", "Municipality").objects.values_list("pk", "name"))
    for batch in in_batches(Organisation.objects, ("name", "orgnr", "municipality_id")):
        rows = [
            (
                normalise_search_text(name, orgnr, names.get(municipality_id, "")),
                normalise_search_text(name),
                pk,
            )
            for pk, name, orgnr, municipality_id in batch
        ]
        update_rows(schema_editor, "orgs_organisation", ("search_text", "search_name"), rows)
    for name in ("programmearea", "trade"):
        model = apps.get_model("orgs", name)
        rows = [
            (normalise_search_text(code, nb, en), normalise_search_text(nb), pk)
            for pk, code, nb, en in model.objects.values_list("pk", "code", "title_nb", "title_en")
        ]
        update_rows(schema_editor, f"orgs_{name}", ("search_text", "search_name"), rows)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0005_name_index")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="search_name",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="programmearea",
            name="search_name",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="trade",
            name="search_name",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(refold, migrations.RunPython.noop),
        # The ranking's and the short query's "name starts with": a prefix LIKE on a B-tree.
        postgresql_only(
            "CREATE INDEX IF NOT EXISTS organisation_search_name_prefix "
            "ON orgs_organisation (search_name text_pattern_ops)",
            "DROP INDEX IF EXISTS organisation_search_name_prefix",
        ),
    ]
