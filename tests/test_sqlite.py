"""SQLite sources: a database file (or sqlite:/// URL) and a .sql file of SQLite DDL, read
into the model; every kind round-trips through the JSON dump; the dump does not depend on
creation order; bad input is one line and exit 2, and the database file is never written."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from schemaparity import api, dumpfile
from schemaparity import model as m
from schemaparity.sqlite import load_ddl, read

SCHEMA = [
    "CREATE TABLE orgs (id INTEGER PRIMARY KEY AUTOINCREMENT, slug TEXT NOT NULL UNIQUE)",
    "CREATE TABLE plain (n INTEGER PRIMARY KEY, note TEXT)",
    """CREATE TABLE "agents" (
      id TEXT NOT NULL,
      org_id INTEGER REFERENCES orgs(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      name TEXT NOT NULL DEFAULT 'x' CHECK (length(name) > 0),
      active BOOLEAN NOT NULL DEFAULT 1,
      created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
      shout TEXT GENERATED ALWAYS AS (upper(name)) VIRTUAL,
      tag TEXT AS (name || '!') STORED,
      CONSTRAINT agents_pk PRIMARY KEY (id),
      UNIQUE (org_id, name),
      CONSTRAINT active_flag CHECK (active IN (0, 1)),
      FOREIGN KEY (name) REFERENCES orgs ON UPDATE SET NULL
    ) WITHOUT ROWID""",
    "CREATE TABLE strict_t (a INT NOT NULL, b TEXT) STRICT",
    "CREATE INDEX agents_lower ON agents (lower(name) DESC, created_at) WHERE active = 1",
    "CREATE UNIQUE INDEX agents_nocase ON agents (name COLLATE NOCASE)",
    "CREATE VIEW live_agents AS SELECT id, name FROM agents WHERE active = 1",
    """CREATE TRIGGER agents_touch AFTER UPDATE OF name, active ON agents
       FOR EACH ROW WHEN new.active = 0 BEGIN UPDATE strict_t SET a = 1; END""",
]


def make_db(path: Path, statements: list[str]) -> Path:
    conn = sqlite3.connect(path)
    for stmt in statements:
        conn.execute(stmt)
    conn.commit()
    conn.close()
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "schemaparity", *args], capture_output=True,
                          text=True, timeout=120)


def one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("schemaparity: error: "), proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path / "app.db", SCHEMA)


def test_every_kind_is_read(db: Path) -> None:
    cat = read(str(db))
    assert cat.engine == f"sqlite {sqlite3.sqlite_version}" and set(cat.schemas) == {
        "schema:main"}
    agents = cat.tables["table:main.agents"]
    assert [c.name for c in agents.columns] == ["id", "org_id", "name", "active",
                                                "created_at", "shout", "tag"]
    assert agents.reloptions == ("without rowid",)
    assert cat.tables["table:main.strict_t"].reloptions == ("strict",)
    col = {c.name: c for c in agents.columns}
    assert col["name"].not_null and col["name"].default == "'x'"
    assert col["created_at"].type == "DATETIME" and col["created_at"].default == "CURRENT_TIMESTAMP"
    assert (col["shout"].generated, col["shout"].generated_kind) == ("UPPER(name)", "virtual")
    assert col["tag"].generated_kind == "stored"
    org_id = cat.tables["table:main.orgs"].columns[0]
    assert (org_id.identity, org_id.identity_options) == ("by default", "rowid autoincrement")
    assert cat.tables["table:main.plain"].columns[0].identity_options == "rowid"
    con = cat.constraints
    assert con["constraint:main.agents.agents_pk"].columns == ("id",)
    assert con["constraint:main.agents.agents_org_id_name_key"].type == "unique"
    assert con["constraint:main.agents.agents_name_check"].definition == "CHECK (LENGTH(name) > 0)"
    assert con["constraint:main.agents.active_flag"].definition == "CHECK (active IN (0, 1))"
    fk = con["constraint:main.agents.agents_org_id_fkey"]
    assert (fk.on_delete, fk.deferrable, fk.deferred, fk.ref_table) == (
        "cascade", True, True, "main.orgs")
    fk2 = con["constraint:main.agents.agents_name_fkey"]
    assert (fk2.ref_columns, fk2.on_update, fk2.deferrable) == (("id",), "set null", False)
    assert con["constraint:main.orgs.orgs_pkey"].index == "orgs_pkey"
    ix = cat.indexes["index:main.agents.agents_lower"]
    assert ix.keys == ("LOWER(name) DESC", "created_at") and ix.predicate == "active = 1"
    assert cat.indexes["index:main.agents.agents_nocase"].unique
    assert cat.indexes["index:main.agents.agents_pk"].primary
    view = cat.views["view:main.live_agents"]
    assert view.definition == "SELECT id, name FROM agents WHERE active = 1"
    trig = cat.triggers["trigger:main.agents.agents_touch"]
    assert (trig.timing, trig.events, trig.when) == (
        "after", ("update of name, active",), "new.active = 0")


def test_every_kind_round_trips_through_json(db: Path, tmp_path: Path) -> None:
    cat = read(str(db))
    text = dumpfile.to_json(cat)
    back = dumpfile.from_json(text)
    assert back == cat and dumpfile.to_json(back) == text
    out = tmp_path / "app.json"
    proc = run("dump", str(db), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text("utf-8") == text
    assert dumpfile.load(out) == cat
    assert run("diff", str(out), f"sqlite:///{db}").returncode == 0


def test_a_sql_file_of_sqlite_ddl_gives_the_same_dump(db: Path, tmp_path: Path) -> None:
    sql = tmp_path / "schema.sql"
    sql.write_text("BEGIN;\n" + ";\n".join(SCHEMA) + ";\nCOMMIT;\n")
    assert dumpfile.to_json(load_ddl(sql)) == dumpfile.to_json(read(str(db)))
    proc = run("dump", "--dialect", "sqlite", str(sql), "-f", "text")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == dumpfile.to_text(read(str(db)))
    declared = tmp_path / "declared.sql"
    declared.write_text("-- dialect: sqlite\n" + sql.read_text())
    assert api.dump(str(declared)) == read(str(db))


def test_dumps_do_not_depend_on_creation_order(db: Path, tmp_path: Path) -> None:
    other = make_db(tmp_path / "other.db", [SCHEMA[3], SCHEMA[1], SCHEMA[0], SCHEMA[2],
                                            SCHEMA[5], SCHEMA[4], SCHEMA[7], SCHEMA[6]])
    a, b = read(str(db)), read(str(other))
    assert dumpfile.to_json(a) == dumpfile.to_json(b)
    assert dumpfile.to_text(a) == dumpfile.to_text(b)


def test_sqlite_catalogs_are_told_apart_from_postgresql(db: Path) -> None:
    text = dumpfile.to_text(read(str(db)))
    assert f'engine "sqlite {sqlite3.sqlite_version}"' in text
    assert '"engine"' not in dumpfile.to_json(m.Catalog.build(15))


def test_plan_and_verify_refuse_a_sqlite_side(db: Path, tmp_path: Path) -> None:
    one_line_error(run("plan", str(db), str(db)), "SQLite")
    plan = tmp_path / "p.sql"
    plan.write_text("SELECT 1;\n")
    one_line_error(run("verify", str(plan), str(db), str(db)), "SQLite")
    with pytest.raises(Exception, match="SQLite"):
        api.plan(read(str(db)), read(str(db)))


def _state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), os.stat(path).st_mtime_ns


def test_the_database_file_is_never_written(db: Path) -> None:
    before = _state(db)
    for args in (("dump", str(db)), ("stats", str(db)), ("diff", str(db), str(db))):
        assert run(*args).returncode == 0
    assert _state(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["app.db"]


def test_bad_databases_are_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    before = _state(junk)
    one_line_error(run("dump", str(junk)), "not a SQLite database")
    assert _state(junk) == before
    one_line_error(run("dump", str(tmp_path / "missing.sqlite")), "no such file")
    assert not (tmp_path / "missing.sqlite").exists()
    one_line_error(run("dump", "sqlite:///" + str(tmp_path / "nope.db")), "no such file")


def test_a_locked_database_is_one_line(db: Path) -> None:
    # the file is not opened here while the lock is held: closing any descriptor of a file
    # drops the POSIX locks this process holds on it
    before = _state(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO strict_t VALUES (1, 'x')")
    try:
        one_line_error(run("dump", str(db)), "locked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _state(db) == before


@pytest.mark.parametrize(("text", "needle"), [
    ("CREATE TABLE a (x int);\nATTACH DATABASE '/tmp/x.db' AS x;\n", ":2: ATTACH"),
    ("CREATE TABLE a (x int);\nPRAGMA writable_schema = 1;\n", ":2: PRAGMA"),
    ("CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\n", ":2: INSERT"),
    ("SELECT load_extension('/tmp/evil');\n", ":1: SELECT"),
    ("CREATE VIRTUAL TABLE f USING fts5(body);\n", "CREATE VIRTUAL"),
    ("CREATE TABLE a (x int;\n", ":1:"),
    ("CREATE TABLE a (x int);\nCREATE TABLE a (y int);\n", ":2: table a already exists"),
    ("CREATE VIEW v AS SELECT load_extension('/tmp/evil');\n", "load_extension"),
    ("CREATE TABLE a (x int);\nCREATE TABLE b AS SELECT 1 AS y;\n", ":2: CREATE TABLE ... AS"),
    ("CREATE TEMP TABLE z (q);\n", ":1: temporary"),
])
def test_bad_sqlite_ddl_is_one_line(tmp_path: Path, text: str, needle: str) -> None:
    sql = tmp_path / "bad.sql"
    sql.write_text(text)
    one_line_error(run("dump", "--dialect", "sqlite", str(sql)), needle)


def test_every_spelling_of_a_sqlite_source(db: Path, tmp_path: Path, monkeypatch) -> None:
    from schemaparity.source import kind_of

    expected = dumpfile.to_json(read(str(db)))
    for suffix in (".sqlite", ".sqlite3", ".DB"):
        other = db.with_suffix(suffix)
        other.write_bytes(db.read_bytes())
        assert kind_of(str(other)) == "sqlite"
        assert dumpfile.to_json(api.dump(str(other))) == expected
    monkeypatch.chdir(tmp_path)
    assert dumpfile.to_json(api.dump("sqlite:///app.db")) == expected  # relative to here
    assert dumpfile.to_json(api.dump(f"sqlite:///{db}")) == expected  # absolute: 4 slashes


def test_a_sqlite_dump_file_keeps_its_engine_and_is_refused_by_plan(db: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "app.json"
    out.write_text(dumpfile.to_json(read(str(db))))
    assert dumpfile.load(out).engine == f"sqlite {sqlite3.sqlite_version}"
    one_line_error(run("plan", str(out), str(out)), "SQLite")


def test_the_example_builds_into_a_database_that_reads_back_the_same(tmp_path: Path) -> None:
    from schemaparity.sqlite import build_database

    example = Path(__file__).resolve().parent.parent / "dumps" / "agent_platform_local.sql"
    target = tmp_path / "local.db"
    build_database(example, target)
    assert read(str(target)) == load_ddl(example) == api.dump(str(example))
    assert len(read(str(target)).tables) == 12
    assert sorted(p.name for p in tmp_path.iterdir()) == ["local.db"]
