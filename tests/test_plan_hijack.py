"""No name can hijack a plan: whatever objects are called, psql runs exactly the plan's steps.

A newline in a name printed raw into a ``--`` comment used to end the comment and make the
rest of the name live SQL or a psql meta-command. :mod:`tests.psqllex` (psql's own lexing
rules) proves, for every golden plan, the plans of the dumps/ examples and plans over names
drawn from all of Unicode, that a plan holds exactly the statements of its steps and no
meta-command but its ``\\set ON_ERROR_STOP on``; a real server and psql show the hostile
names of issue 10 planned, applied and verified without running anything they smuggle.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from psycopg import sql as pgsql

from schemaparity import dumpfile
from schemaparity import model as m
from schemaparity.catalog import DumpOptions, dump
from schemaparity.cli import cli
from schemaparity.diff import diff
from schemaparity.plan import Plan, PlanOptions, build, empty_catalog
from schemaparity.plan.groups import groups
from schemaparity.plan.order import MissingBackfill, Refusals, UnsupportedChange
from schemaparity.plan.render import read, split, step_rows, to_json, to_sql
from schemaparity.plan.sqlgen import comment_text, sql
from schemaparity.sqltext import quote_ident, quote_literal
from schemaparity.verify import VerifyFailed, apply

from .psqllex import Script, lex

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = sorted(ROOT.glob("tests/cases/*/expected.plan.sql"))
DUMPS = sorted(ROOT.glob("dumps/*.json"))
SET_ON_ERROR_STOP = ["\\set ON_ERROR_STOP on"]
UNSAFE = {"Cc", "Cf", "Zl", "Zp", "Cs"}  # controls, format characters, line separators


def expected_statements(plan: Plan) -> list[str]:
    """The statements psql must see: each step's, framed as the plan's transaction groups
    say (BEGIN, the timeouts, COMMIT), in the plan's order."""
    def timeouts(local: bool) -> list[str]:
        return lex(sql("settings", lock_timeout=plan.lock_timeout,
                       statement_timeout=plan.statement_timeout, local=local)).statements

    out: list[str] = []
    for group in groups(plan.steps):
        if group.transactional:
            out += ["BEGIN;", *timeouts(True)]
        for step in group.steps:
            if not group.transactional:
                out += timeouts(False)
            own = lex(step.sql)
            assert own.meta == [] and own.rest == "", step.id
            out += own.statements
        if group.transactional:
            out.append("COMMIT;")
    return out


def assert_only_its_steps(plan: Plan) -> Script:
    text = to_sql(plan).text
    script = lex(text)
    assert script.meta == SET_ON_ERROR_STOP
    assert script.variables == [] and script.rest == ""
    assert script.statements == expected_statements(plan)
    # the comment blocks are comment lines only, none holding a control or line break
    for block in (sql("plan/header", plan=plan, counts=[]),
                  *sql("plan/step", steps=step_rows(plan.steps), end="\x00").split("\x00")):
        rows = block.strip("\n").split("\n")
        assert all(r.startswith("--") or r in ("", "\\set ON_ERROR_STOP on") for r in rows)
        assert not [ch for r in rows for ch in r if unicodedata.category(ch) in UNSAFE], rows
    # the step headers are where verify looks
    assert read(text).step_ids == tuple(comment_text(s.id) for s in plan.steps)
    return script


# -- the lexer follows psql ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "statements", "meta"), [
    ("select 1; -- x; \\! id\nselect 2;", ["select 1;", "select 2;"], []),
    ("/* a /* nested */ ; \\! id */ select 1;", ["/* a /* nested */ ; \\! id */ select 1;"], []),
    ("select 'it''s \\! x';", ["select 'it''s \\! x';"], []),
    ("select E'a\\'; \\! x';", ["select E'a\\'; \\! x';"], []),
    ("select 'a\\';\n\\! id\n", ["select 'a\\';"], ["\\! id"]),
    ('select "a"";\\!";', ['select "a"";\\!";'], []),
    ("select $t$ ; $x$ \\! $t$;", ["select $t$ ; $x$ \\! $t$;"], []),
    ("select a$t$ ;\\! id", ["select a$t$ ;"], ["\\! id"]),
    ("select 1 \\g\n", [], ["\\g"]),
    ("select 1\\; select 2;", ["select 1; select 2;"], []),
    ("create function f() returns int begin atomic select 1; end;",
     ["create function f() returns int begin atomic select 1; end;"], []),
    ("select 'a'\n'b'; ", ["select 'a'\n'b';"], []),
    ("select 1 --\r\\! id\n;", ["select 1 \r\n;"], ["\\! id"]),
])
def test_the_lexer_follows_psql(text: str, statements: list[str], meta: list[str]) -> None:
    script = lex(text)
    assert (script.statements, script.meta) == (statements, meta)


def test_the_lexer_agrees_with_psql_on_what_runs(pg18, tmp_path: Path) -> None:
    """psql itself on the tricky inputs: the meta-commands the lexer finds are the ones that
    run (each one a marker file), the others do not."""
    cases = [("-- c\n", ";", True), ("/* \n", "*/;", False), ("select '\n", "';", False),
             ("select E'\\'\n", "';", False), ('select "\n', '";', False),
             ("select $q$\n", "$q$;", False), ("select a$q$\n", ";", True),
             ("select 1 --\r", ";", True)]
    for n, (prefix, close, runs) in enumerate(cases):
        marker = tmp_path / f"m{n}"
        text = f"{prefix}\\! touch {marker}\n{close}\n"
        script = lex(text)
        assert (script.meta != [], script.rest) == (runs, ""), prefix
        path = tmp_path / "s.sql"
        path.write_text(text)
        subprocess.run([pg18.psql(), "-X", "-q", "-d", pg18.dsn("postgres"), "-f", str(path)],
                       capture_output=True, timeout=30, check=False)
        assert marker.exists() is runs, text


# -- every plan the suite renders ------------------------------------------------------------

@pytest.mark.parametrize("path", GOLDEN, ids=[p.parent.name for p in GOLDEN])
def test_golden_plans_hold_no_meta_command_but_on_error_stop(path: Path) -> None:
    text = path.read_text("utf-8")
    script = lex(text)
    assert script.meta == SET_ON_ERROR_STOP
    assert script.variables == [] and script.rest == ""
    assert len(read(text).lines) == text.count("\n-- step ")


@pytest.mark.parametrize(("a", "b"), [*itertools.permutations([p.stem for p in DUMPS[:4]], 2),
                                      *((None, p.stem) for p in DUMPS),
                                      *((p.stem, None) for p in DUMPS)])
def test_plans_of_the_examples_run_exactly_their_steps(a: str | None, b: str | None) -> None:
    cats = {p.stem: dumpfile.load(p) for p in DUMPS if p.stem in (a, b)}
    version = next(iter(cats.values())).server_version
    source = cats[a] if a else empty_catalog(version)
    target = cats[b] if b else empty_catalog(version)
    try:
        plan = build(source, target, PlanOptions(force=True))
    except (Refusals, UnsupportedChange, MissingBackfill) as exc:  # refused on purpose
        pytest.skip(f"not planned: {exc}")
    assert_only_its_steps(plan)


# -- names from all of Unicode ---------------------------------------------------------------

NAMES = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
                min_size=1, max_size=12)
HOSTILE = ["t\n\\! id > /tmp/p\n", "c\nDROP TABLE IF EXISTS x; --", "$backfill$", "$function$",
           "a\r\\! id", "x\u2028\\! id", "e\\'; \\! id", "'; \\! id; '", '"; \\! id; "', "--",
           "/*", "*/", "\x85\\o /tmp/f", ":ON_ERROR_STOP", "\\", "$$", "\x1b[2J", "$guard$"]


def hostile_catalog(names: list[str]) -> m.Catalog:
    s, t, c, e, label, note = (names * 6)[:6]
    cols = (m.Column("id", 1, "integer", not_null=True),
            m.Column(c, 2, "text", comment=note),
            m.Column(f"{c}2", 3, f"{quote_ident(s, e)}"))
    table = m.Table(s, t, columns=cols, comment=note)
    return m.Catalog.build(
        0, schemas=[m.Schema("public"), m.Schema(s, comment=note)],
        tables=[table],
        enums=[m.Enum(s, e, (label, f"{label}2"), comment=note)],
        constraints=[m.Constraint(s, t, f"{t}_pkey", "primary key", "PRIMARY KEY (id)",
                                  ("id",), index=f"{t}_pkey"),
                     m.Constraint(s, t, f"{c}_check", "check",
                                  f"CHECK (({quote_ident(c)} <> {quote_literal(note)}))", (c,))],
        indexes=[m.Index(s, t, f"{t}_pkey",
                         f"CREATE UNIQUE INDEX {quote_ident(f'{t}_pkey')} ON "
                         f"{quote_ident(s, t)} USING btree (id)", "btree", unique=True,
                         primary=True, keys=("id",), constraint=f"{t}_pkey"),
                 m.Index(s, t, f"{c}_idx", f"CREATE INDEX {quote_ident(f'{c}_idx')} ON "
                         f"{quote_ident(s, t)} USING btree ({quote_ident(c)})", "btree",
                         keys=(quote_ident(c),))],
    )


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAMES, min_size=1, max_size=6))
@example(HOSTILE[:6])
@example(HOSTILE[6:12])
@example(HOSTILE[12:18])
def test_no_name_adds_a_statement_or_a_meta_command(names: list[str]) -> None:
    catalog = hostile_catalog(names)
    empty = empty_catalog(0)
    for plan in (build(empty, catalog), build(catalog, empty),
                 build(catalog, empty, PlanOptions(force=True))):
        assert_only_its_steps(plan)
        data = to_json(plan)
        assert not any(ch in data for ch in "\x85\u2028\u2029")
        assert [s["sql"] for s in json.loads(data)["steps"]] == [s.sql for s in plan.steps]


def test_split_file_names_stay_in_the_directory(tmp_path: Path) -> None:
    catalog = hostile_catalog(["../../x", "..", "a/b\n\\! id", "e", "l", "n"])
    out = tmp_path / "steps"
    paths = split(build(empty_catalog(0), catalog), out)
    assert paths and all(p.parent == out and p.exists() for p in paths)
    assert sorted(tmp_path.rglob("*.sql")) == sorted(paths)
    for path in paths:
        assert lex(path.read_text("utf-8")).meta == []


# -- a real server and psql ------------------------------------------------------------------

TABLE = "t\n\\! touch {marker}\n"
COLUMN = "c\nDROP TABLE IF EXISTS keep; --"


def _make(conn: psycopg.Connection, table: str, target: bool) -> None:
    conn.execute("CREATE TABLE keep (id int PRIMARY KEY)")
    conn.execute(pgsql.SQL("CREATE TABLE {} (id int PRIMARY KEY)").format(
        pgsql.Identifier(table)))
    if target:
        for t in ("keep", table):
            conn.execute(pgsql.SQL("ALTER TABLE {} ADD COLUMN {} text").format(
                pgsql.Identifier(t), pgsql.Identifier(COLUMN)))
        conn.execute(pgsql.SQL("COMMENT ON TABLE {} IS {}").format(
            pgsql.Identifier(table), pgsql.Literal(table)))
        conn.execute(pgsql.SQL("CREATE TABLE {} (id int)").format(
            pgsql.Identifier(f"{table}new")))


def _schema(server, table: str, target: bool) -> tuple[str, m.Catalog]:  # type: ignore[no-untyped-def]
    name = server.create_database()
    with psycopg.connect(server.dsn(name), autocommit=True) as conn:
        _make(conn, table, target)
        if not target:
            conn.execute("INSERT INTO keep SELECT generate_series(1, 5)")
            conn.execute(pgsql.SQL("INSERT INTO {} VALUES (1), (2)").format(
                pgsql.Identifier(table)))
    with psycopg.connect(server.dsn(name)) as conn:
        return name, dump(conn, DumpOptions())


def test_hostile_names_plan_apply_and_verify_without_running_anything(
        pg18, scratch_env, tmp_path: Path) -> None:
    short = Path(tempfile.mkdtemp(prefix="sp", dir="/tmp"))  # a name holds at most 63 bytes
    marker = short / "m"
    table = TABLE.format(marker=marker)
    assert len(f"{table}new".encode()) < 64
    source_db, source = _schema(pg18, table, target=False)
    target_db, target = _schema(pg18, table, target=True)
    try:
        plan = build(source, target)
        assert_only_its_steps(plan)
        path = tmp_path / "plan.sql"
        path.write_text(to_sql(plan).text)
        proc = subprocess.run([pg18.psql(), "-X", "-v", "ON_ERROR_STOP=1", "-d",
                               pg18.dsn(source_db), "-f", str(path)],
                              capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr
        assert not marker.exists()
        with psycopg.connect(pg18.dsn(source_db), autocommit=True) as conn:
            assert conn.execute("SELECT count(*) FROM keep").fetchone() == (5,)
            assert conn.execute(pgsql.SQL("SELECT count(*) FROM {}").format(
                pgsql.Identifier(table))).fetchone() == (2,)
        with psycopg.connect(pg18.dsn(source_db)) as conn:
            assert diff(dump(conn, DumpOptions()), target).identical
        a, b = tmp_path / "a.json", tmp_path / "b.json"
        a.write_text(dumpfile.to_json(source))
        b.write_text(dumpfile.to_json(target))
        result = CliRunner().invoke(cli, ["plan", str(a), str(b), "--verify", "--seed-rows",
                                          "3", "-o", str(tmp_path / "out.sql")])
        assert result.exit_code == 0, result.output
        assert not marker.exists()
        assert lex((tmp_path / "out.sql").read_text("utf-8")).meta == SET_ON_ERROR_STOP
    finally:
        pg18.drop_database(source_db)
        pg18.drop_database(target_db)
        shutil.rmtree(short)


def test_a_failing_step_with_a_hostile_name_is_named_on_one_line(pg18) -> None:
    """verify locates the failing step by its header: the id it names is the escaped one,
    on one line, and it is the step that failed."""
    table = "t\n-- step 1.fake:x\n\\! id"
    name, source = _schema(pg18, table, target=False)  # both tables hold rows
    try:
        plan = build(source, empty_catalog(source.server_version))  # guarded drops refuse
        with pytest.raises(VerifyFailed) as failed:
            apply(pg18, pg18.dsn(name), plan)
        assert failed.value.step in {comment_text(s.id) for s in plan.steps}
        assert failed.value.step.startswith("6.table.drop:public.")
        assert "\n" not in str(failed.value) and "refusing to drop" in str(failed.value)
    finally:
        pg18.drop_database(name)
