from django.db import migrations, models

from registry.migration_ops import postgresql_only

# The words of every search column written (orgs.models.search_word): one statement trigger
# for inserts and one for updates (a trigger with transition tables takes one event), each
# adding the new rows' words at once, so a bulk upsert of 500,000 organisations costs one
# INSERT … SELECT DISTINCT, not one a row.
WORDS_OF_NEW_ROWS = """
    INSERT INTO orgs_searchword (word)
    SELECT DISTINCT word
    FROM new_rows, unnest(string_to_array(new_rows.search_text, ' ')) AS word
    WHERE length(word) BETWEEN 6 AND 255 AND word !~ '^[0-9]+$'
    ON CONFLICT DO NOTHING
"""

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX searchword_trgm ON orgs_searchword USING gin (word gin_trgm_ops);
CREATE FUNCTION orgs_remember_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {WORDS_OF_NEW_ROWS};
    RETURN NULL;
END
$$;
CREATE TRIGGER organisation_search_words_inserted AFTER INSERT ON orgs_organisation
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION orgs_remember_search_words();
CREATE TRIGGER organisation_search_words_updated AFTER UPDATE ON orgs_organisation
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION orgs_remember_search_words();
WITH new_rows AS (SELECT search_text FROM orgs_organisation) {WORDS_OF_NEW_ROWS};
"""

DROP = """
DROP TRIGGER organisation_search_words_inserted ON orgs_organisation;
DROP TRIGGER organisation_search_words_updated ON orgs_organisation;
DROP FUNCTION orgs_remember_search_words();
"""


class Migration(migrations.Migration):
    dependencies = [("orgs", "0012_ended_organisations_idx")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=255, primary_key=True, serialize=False))],
            options={"verbose_name": "search word"},
        ),
        postgresql_only(CREATE, DROP),
    ]
