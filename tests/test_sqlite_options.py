"""The dump options on a SQLite source: row counts (exact and from ANALYZE's statistics) and
the rows of migration version tables are recorded, read in the same transaction as the
objects; the options SQLite cannot honour (-n/-N, --owners, --privileges) are named in one note
on stderr and change nothing; the file is never written."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from schemaparity.catalog import DumpOptions
from schemaparity.sqlite import load_ddl, read

from .test_sqlite import make_db, run

STATEMENTS = [
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
    "INSERT INTO alembic_version VALUES ('b2'), ('a1')",
    'CREATE TABLE "odd ""name""" (id INTEGER PRIMARY KEY, x TEXT)',
    "INSERT INTO \"odd \"\"name\"\"\" (x) VALUES ('a'), ('b'), (NULL)",
    "CREATE TABLE empty (id INTEGER PRIMARY KEY)",
    "CREATE INDEX odd_x ON \"odd \"\"name\"\"\" (x)",
    "CREATE VIEW v AS SELECT x FROM \"odd \"\"name\"\"\"",
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path / "app.db", STATEMENTS)


def _state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), os.stat(path).st_mtime_ns


def test_exact_row_counts_count_every_table(db: Path) -> None:
    catalog = read(str(db), DumpOptions(row_counts="exact"))
    assert catalog.row_count_mode == "exact"
    assert catalog.row_counts == {"table:main.alembic_version": 2, 'table:main.odd "name"': 3,
                                  "table:main.empty": 0}


def test_estimates_come_from_analyze_or_are_unknown(db: Path, tmp_path: Path) -> None:
    before = read(str(db), DumpOptions(row_counts="estimate"))
    assert before.row_counts is not None and set(before.row_counts.values()) == {None}
    conn = sqlite3.connect(db)
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    after = read(str(db), DumpOptions(row_counts="estimate"))
    assert after.row_count_mode == "estimate"
    assert after.row_counts is not None
    assert after.row_counts['table:main.odd "name"'] == 3
    assert after.row_counts["table:main.alembic_version"] == 2


def test_version_table_rows_are_recorded_sorted(db: Path) -> None:
    catalog = read(str(db))
    (table,) = catalog.version_tables.values()
    assert (table.name, table.columns, table.rows) == (
        "alembic_version", ("version_num",), (("a1",), ("b2",)))
    assert read(str(db), DumpOptions(version_tables=("nothing*",))).version_tables == {}


def test_sqlite_ddl_files_take_the_same_options(tmp_path: Path) -> None:
    ddl = tmp_path / "local.sql"
    ddl.write_text("-- dialect: sqlite\nCREATE TABLE t (id INTEGER PRIMARY KEY);\n", "utf-8")
    catalog = load_ddl(ddl, DumpOptions(row_counts="exact"))
    assert catalog.row_counts == {"table:main.t": 0}


def test_options_sqlite_cannot_honour_are_named_once(db: Path, tmp_path: Path) -> None:
    before = _state(db)
    plain = run("dump", str(db), "-o", str(tmp_path / "plain.json"))
    assert plain.returncode == 0 and plain.stderr == ""
    noted = run("dump", str(db), "-n", "public", "--owners", "--privileges", "-o",
                str(tmp_path / "noted.json"))
    assert noted.returncode == 0, noted.stderr
    lines = noted.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("schemaparity: note: "), noted.stderr
    assert "-n/-N" in lines[0] and "--owners" in lines[0] and "--privileges" in lines[0]
    # nothing filtered away: the same dump as without the options
    assert (tmp_path / "plain.json").read_bytes() == (tmp_path / "noted.json").read_bytes()
    quiet = run("--quiet", "dump", str(db), "--owners", "-o", str(tmp_path / "q.json"))
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr
    assert _state(db) == before


def test_row_counts_reach_the_text_and_json_dumps(db: Path, tmp_path: Path) -> None:
    proc = run("dump", str(db), "--row-counts", "exact", "-o", str(tmp_path / "d.json"))
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "d.json").read_text("utf-8"))
    assert data["row_count_mode"] == "exact" and data["row_counts"]["table:main.empty"] == 0
    text = run("dump", str(db), "--row-counts", "exact", "-f", "text")
    assert "rows exact main.alembic_version 2" in text.stdout
