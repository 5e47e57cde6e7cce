# The links of agreements to programme areas and trades from the side of the area or trade,
# from the index alone: a subject page's agreements, a programme's (the links of its areas and
# of the trades reached through them) and each area's and trade's count on the programme page.
# The through tables are Django's own, so the indexes are plain SQL (PostgreSQL and SQLite).

from django.db import migrations

LINKS = (
    ("agreement_area_links_idx", "agreements_agreement_programme_areas", "programmearea_id"),
    ("agreement_trade_links_idx", "agreements_agreement_trades", "trade_id"),
)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0021_staff_pages_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column}, agreement_id)",
            f"DROP INDEX IF EXISTS {name}",
            elidable=False,
        )
        for name, table, column in LINKS
    ]
