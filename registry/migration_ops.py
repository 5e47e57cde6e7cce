"""Migration operations that only apply on PostgreSQL, so SQLite keeps one migration history."""

from django.db import migrations


def trigram_index(table: str, column: str, name: str) -> migrations.RunPython:
    """A trigram GIN index for `contains` search on PostgreSQL; nothing on other databases."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop, elidable=False)
