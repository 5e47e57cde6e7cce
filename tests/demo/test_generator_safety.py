"""bench/generate.py drops only a database it created: one without its mark is refused, with a
message and a non-zero exit, and is still there afterwards.

It needs a PostgreSQL server (the generator creates and drops databases on one): it runs on
the server the tests' own PostgreSQL database is on, and is skipped on SQLite.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from bench import database

ROOT = Path(__file__).resolve().parent.parent.parent
UNMARKED = "registry_h_gen_safety_theirs"
OURS = "registry_h_gen_safety_ours"


@pytest.fixture
def server(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("creates and drops databases on a PostgreSQL server")
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    if settings["PASSWORD"]:
        user += f":{settings['PASSWORD']}"
    url = f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    monkeypatch.setattr(database, "SERVER", url)
    yield url
    with database.admin_connection() as conn:
        for name in (UNMARKED, OURS):
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def exists(name: str) -> bool:
    with database.admin_connection() as conn:
        return database.mark_of(conn, name) is not None


def make(name: str, comment: str | None = None) -> None:
    with database.admin_connection() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        if comment is not None:
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(comment)
                )
            )
        with psycopg.connect(f"{database.SERVER}/{name}", autocommit=True) as db:
            db.execute("CREATE TABLE kept (note text)")


def test_the_script_refuses_a_database_it_did_not_create(server):
    make(UNMARKED)
    result = subprocess.run(
        [sys.executable, "bench/generate.py", "--database", UNMARKED, "--scale", "0.001"],
        cwd=ROOT,
        env={**os.environ, "BENCH_SERVER_URL": server},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert f"The database '{UNMARKED}' exists and was not created by bench/generate.py" in (
        result.stderr
    )
    assert "nothing was dropped" in result.stderr
    assert exists(UNMARKED)
    with psycopg.connect(f"{server}/{UNMARKED}") as db:  # its tables are untouched
        assert db.execute("SELECT count(*) FROM kept").fetchone() == (0,)


def test_a_comment_of_someone_else_is_no_mark(server):
    make(UNMARKED, comment="the lead's benchmark data")
    with pytest.raises(database.NotOurs, match="the lead's benchmark data"):
        database.create_database(UNMARKED)
    with pytest.raises(database.NotOurs):
        database.drop_database(UNMARKED)
    assert exists(UNMARKED)


def test_a_database_it_created_is_marked_and_can_be_dropped_and_made_again(server):
    database.create_database(OURS)
    with database.admin_connection() as conn:
        assert database.mark_of(conn, OURS) == database.MARK
    database.create_database(OURS)  # the second run drops the first one's
    assert exists(OURS)
    database.drop_database(OURS)
    assert not exists(OURS)
    database.drop_database(OURS)  # nothing to drop is no error
