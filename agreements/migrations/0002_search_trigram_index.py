from django.db import migrations

from registry.migration_ops import trigram_index


class Migration(migrations.Migration):
    # The free-text filter of /avtaler/: search_text LIKE '%word%'.
    dependencies = [("agreements", "0001_initial")]

    operations = [
        trigram_index("agreements_agreement", "search_text", "agreement_search_trgm"),
    ]
