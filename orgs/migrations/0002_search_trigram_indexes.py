from django.db import migrations

from registry.migration_ops import trigram_index


class Migration(migrations.Migration):
    # The front page's search: search_text LIKE '%word%' on organisations,
    # programme areas and trades.
    dependencies = [("orgs", "0001_initial")]

    operations = [
        trigram_index("orgs_organisation", "search_text", "organisation_search_trgm"),
        trigram_index("orgs_programmearea", "search_text", "programmearea_search_trgm"),
        trigram_index("orgs_trade", "search_text", "trade_search_trgm"),
    ]
