from django.db import migrations

from registry.migration_ops import in_batches, update_rows
from registry.text import normalise_search_text


def refold(apps, schema_editor):
    """Folds the stored search column as registry.text now does (æ/ø/å, accents,
    abbreviations). The folding is idempotent and the old column was the lower-cased text, so
    folding it again gives what agreements.models.derived writes for a fresh save."""
    Agreement = apps.get_model("agreements", "Agreement")
    for batch in in_batches(Agreement.objects, ("search_text",)):
        rows = [(normalise_search_text(text), pk) for pk, text in batch]
        update_rows(schema_editor, "agreements_agreement", ("search_text",), rows)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0012_pending_change")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
