from django.db import migrations

from registry.migration_ops import trigram_index

# Organisation.SCHOOL_KINDS as of this migration: the search's school group is looked up in this
# small index instead of intersecting the whole country's trigram index with the kind index.
SCHOOLS = "kind IN ('upper_secondary', 'lower_secondary', 'adult_education', 'special_school')"


class Migration(migrations.Migration):
    dependencies = [("orgs", "0008_register_life_and_kinds")]

    operations = [
        trigram_index(
            "orgs_organisation",
            "search_text",
            "organisation_school_search_trgm",
            where=SCHOOLS,
        ),
    ]
