"""Loading a .sql source in batches: the same database as one statement at a time, the same
failing line, the same outcome where a transaction would change it (real PG 18 server)."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from schemaparity import dumpfile
from schemaparity.catalog import dump
from schemaparity.errors import SourceError
from schemaparity.scratch import ScratchServer, load
from schemaparity.source import load_sql

MANY = "".join(
    f"CREATE TABLE t{i} (id int PRIMARY KEY, v text NOT NULL DEFAULT 'x;y');\n"
    f"CREATE INDEX t{i}_v ON t{i} (v);\nCOMMENT ON TABLE t{i} IS 'table {i}';\n"
    for i in range(150))


def _load(server: ScratchServer, path: Path, monkeypatch: pytest.MonkeyPatch,
          batch: int) -> tuple[str, int]:
    """The dump, and how many transactions wrote the comments (their rows' xmin)."""
    monkeypatch.setattr(load, "BATCH_STATEMENTS", batch)
    with server.database() as dsn:
        load_sql(server, dsn, path)
        with psycopg.connect(dsn, autocommit=True) as conn:
            xacts = conn.execute("SELECT count(DISTINCT xmin::text) FROM pg_description "
                                 "WHERE description LIKE 'table %'").fetchone()
            return dumpfile.to_json(dump(conn)), xacts[0] if xacts else 0


def test_batches_land_the_same_schema_as_one_by_one(
        pg18: ScratchServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sql = tmp_path / "many.sql"
    sql.write_text("SET check_function_bodies = false;\nCREATE TYPE e AS ENUM ('a');\n" + MANY
                   + "CREATE VIEW last AS SELECT id FROM t149\n-- no semicolon at the end\n")
    one_by_one, xacts_one = _load(pg18, sql, monkeypatch, 1)
    batched, xacts_batched = _load(pg18, sql, monkeypatch, 200)
    assert batched == one_by_one
    assert "t149" in batched and "last" in batched
    assert (xacts_one, xacts_batched) == (150, 3)  # 452 statements: batches of 200


def test_a_failure_in_a_batch_names_its_line(
        pg18: ScratchServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sql = tmp_path / "bad.sql"
    sql.write_text(MANY + "CREATE VIEW v AS\n  SELECT id\n  FROM nope;\n"
                   "CREATE TABLE after_it (id int);\n")
    monkeypatch.setattr(load, "BATCH_STATEMENTS", 1000)
    with pg18.database() as dsn:
        with pytest.raises(SourceError) as err:
            load_sql(pg18, dsn, sql)
        assert str(err.value).startswith(f'{sql}:453: relation "nope" does not exist')


def test_add_value_then_its_use_passes_as_one_by_one(pg18: ScratchServer,
                                                      tmp_path: Path) -> None:
    """In one transaction a new enum value may not be used yet: the batch is replayed."""
    sql = tmp_path / "enum.sql"
    sql.write_text("CREATE TYPE mood AS ENUM ('sad');\nSELECT 1;\n"
                   "ALTER TYPE mood ADD VALUE 'happy';\n"
                   "CREATE TABLE m (v mood CHECK (v <> 'happy'::mood));\n"
                   "CREATE TABLE n (id int);\n")
    with pg18.database() as dsn:
        load_sql(pg18, dsn, sql)
        with psycopg.connect(dsn) as conn:
            labels = conn.execute("SELECT enum_range(NULL::mood)::text").fetchone()
            tables = conn.execute("SELECT count(*) FROM pg_class WHERE relname IN ('m', 'n')"
                                  ).fetchone()
    assert labels == ("{sad,happy}",)
    assert tables == (2,)


def test_the_files_own_transaction_and_concurrently(pg18: ScratchServer, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """BEGIN ... ROLLBACK undoes what the file did inside it; CREATE INDEX CONCURRENTLY
    between DDL statements runs outside any transaction."""
    sql = tmp_path / "tx.sql"
    sql.write_text("CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n"
                   "CREATE INDEX CONCURRENTLY a_id ON a (id);\nCREATE TABLE c (id int);\n"
                   "BEGIN;\nCREATE TABLE gone1 (id int);\nCREATE TABLE gone2 (id int);\n"
                   "ROLLBACK;\nCREATE TABLE d (id int);\nBEGIN;\nCREATE TABLE e (id int);\n"
                   "COMMIT;\n")
    with pg18.database() as dsn:
        load_sql(pg18, dsn, sql)
        with psycopg.connect(dsn) as conn:
            names = [r[0] for r in conn.execute(
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                "ORDER BY relname").fetchall()]
    assert names == ["a", "a_id", "b", "c", "d", "e"]


def test_a_batch_that_changes_standard_conforming_strings_stops(
        pg18: ScratchServer, tmp_path: Path) -> None:
    """A function run by DDL changes how what follows splits: the load stops, naming it."""
    sql = tmp_path / "std.sql"
    sql.write_text("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS "
                   "$$ SELECT length(set_config('standard_conforming_strings', 'off', false)) $$;"
                   "\nCREATE TABLE a (id int);\nCREATE TABLE x AS SELECT f();\n"
                   "CREATE TABLE b (v text DEFAULT 'x\\');\n")
    with pg18.database() as dsn, pytest.raises(SourceError, match="std.sql:1: standard_"):
        load_sql(pg18, dsn, sql)
