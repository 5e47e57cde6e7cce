"""The benchmark's PostgreSQL databases: created, migrated and dropped by bench/generate.py.

A database the generator creates carries a mark (its comment, MARK); the generator drops only
a database with the mark, so a name typed by mistake never costs anyone their data.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
MARK = "created by bench/generate.py"


class NotOurs(Exception):
    """The database exists and was not created by the generator: it is left alone."""


def url_of(name: str) -> str:
    return f"{SERVER}/{name}"


def admin_connection():
    import psycopg

    return psycopg.connect(url_of("postgres"), autocommit=True)


def quoted(name: str) -> str:
    from psycopg import sql

    return sql.Identifier(name)


def mark_of(conn, name: str) -> str | None:
    """The database's comment ("" without one), or None when there is no such database."""
    row = conn.execute(
        "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database"
        " WHERE datname = %s",
        [name],
    ).fetchone()
    return None if row is None else row[0]


def drop_database(name: str) -> None:
    """Drops the database if the generator created it; raises NotOurs if it did not. A missing
    database is nothing to drop."""
    from psycopg import sql

    with admin_connection() as conn:
        mark = mark_of(conn, name)
        if mark is None:
            return
        if mark != MARK:
            raise NotOurs(
                f"The database {name!r} exists and was not created by bench/generate.py "
                f"(its comment is {mark!r}, not {MARK!r}): nothing was dropped. "
                "Choose another name with --database, or drop it yourself."
            )
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(quoted(name)))


def create_database(name: str) -> None:
    """A new, empty database with the generator's mark, after dropping an old one of ours."""
    from psycopg import sql

    drop_database(name)
    with admin_connection() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(quoted(name)))
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(quoted(name), sql.Literal(MARK))
        )


def migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    # A benchmark asks the same pages many times from one address: no rate limits.
    os.environ.setdefault("RATELIMIT_ENABLE", "false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
