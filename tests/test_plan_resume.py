"""Plans are resumable: killed after any step, the same file run again lands on the target,
and so does a new plan made from the half-migrated database.

The kill is simulated by running the rendered text up to the end of step k's span: a
transaction group left open there is rolled back when psql ends, as a killed session's is.
In the suite: every k of the cases below up to ``STEPS`` steps, an evenly spread sample of
larger ones. ``SCHEMAPARITY_RESUME_ALL=1`` runs every k of every case that plans.

Before each attempt the source gets ``ROWS`` rows a table (verify's seeding), so a resume
crosses backfills and validations with data; every row of a kept table must still be there
afterwards, its kept columns unchanged (verify's row accounting, by primary key). A table
whose seeded rows the plan's pre-checks refuse (text that is no jsonb, a new CHECK) is left
empty: the plan rightly stops there, which is not what this test is about.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from psycopg import sql as pgsql

from schemaparity.catalog import DumpOptions, dump
from schemaparity.diff import diff
from schemaparity.plan import PlanOptions, build
from schemaparity.plan.ops.backfill import resolve_backfill
from schemaparity.plan.render import Rendered, to_sql
from schemaparity.plan.sqlgen import sql
from schemaparity.scratch import ScratchServer
from schemaparity.seed import seed
from schemaparity.source import catalog_from_sql, connect
from schemaparity.verify import VerifyFailed, apply_text, build_source
from schemaparity.verify_rows import TableMemo, account, problems, remember

from .test_cases import CASES, CASES_DIR, read_case, rules_of

ALL = os.environ.get("SCHEMAPARITY_RESUME_ALL") == "1"
STEPS = 8  # cases with more steps run a sample of this many k
ROWS = 4  # seeded rows a table
MEMO = "_schemaparity_resume"  # where the seeded rows are remembered (left out of dumps)
SAMPLE = [
    "check_expression", "column_not_null", "column_type", "enum_label_removed",
    "enum_swap_views", "fk_columns", "index_partial", "partition_added_removed",
    "partition_attach_detach_indexes", "pk_added", "table_added_removed",
    "unique_added_removed", "view_chain_rebuilt", "view_definition", "trigger_added_removed",
    "policy_using", "sequence_added_removed", "domain_check", "table_inherits",
    "rules_rename_schemas", "column_identity", "index_renamed", "constraint_renamed",
    "partition_index_invalid", "view_replaced_by_table", "index_dropped_after_referencing_table",
]
NAMES = [n for n in CASES if not read_case(n).get("plan")] if ALL else SAMPLE


def _ks(n: int) -> list[int]:
    if ALL or n <= STEPS:
        return list(range(1, n + 1))
    return sorted({1 + (n - 1) * i // (STEPS - 1) for i in range(STEPS)})


def _upto(rendered: Rendered, k: int) -> str:
    """The plan's text to the end of step k (1-based)."""
    last = rendered.lines[k - 1][1]
    return "\n".join(rendered.text.split("\n")[:last]) + "\n"


def _seeded(dsn: str, a, b, backfill: dict[str, str],  # type: ignore[no-untyped-def]
            empty: set[str]) -> list[TableMemo]:
    """Seed the source (``empty``: tables left without rows) and remember each kept table's
    rows."""
    # version tables keep their rows: the plan writes them whole (they are not data)
    versions = {f"table:{v.schema}.{v.name}" for v in a.version_tables.values()}
    a = replace(a, tables={k: t for k, t in a.tables.items() if k not in versions})
    with connect(dsn, autocommit=True) as conn:
        seed(conn, a, ROWS)
        for key in sorted(empty):
            t = a.tables[key]
            conn.execute(pgsql.SQL("TRUNCATE {} CASCADE").format(pgsql.Identifier(t.schema,
                                                                                 t.name)))
        conn.execute(sql("verify/memo_schema", schema=MEMO))
        return remember(conn, a, b, MEMO, set(resolve_backfill(backfill, b)))


def _refused(server: ScratchServer, folder, a, b, rendered: Rendered,  # type: ignore[no-untyped-def]
             backfill: dict[str, str]) -> set[str]:
    """The tables whose seeded rows a pre-check of the whole plan refuses."""
    empty: set[str] = set()
    while True:
        db = build_source(server, a, folder / "a.sql", create_roles=True)
        try:
            _seeded(server.dsn(db), a, b, backfill, empty)
            apply_text(server, server.dsn(db), rendered)
            return empty
        except VerifyFailed as exc:
            if not exc.step or not exc.step.startswith("0.precheck."):
                raise
            name = exc.step.split(":", 1)[1]
            table = max((k for k, t in a.tables.items()
                         if f"{name}.".startswith(f"{t.schema}.{t.name}.")), key=len)
            assert table not in empty, exc
            empty.add(table)
        finally:
            server.drop_database(db)


def _accounted(dsn: str, memos: list[TableMemo]) -> list[str]:
    """Lost or changed seeded rows; the memo schema goes."""
    with connect(dsn, autocommit=True) as conn:
        out = problems(account(conn, memos))
        conn.execute(sql("verify/drop_memo_schema", schema=MEMO))
    return out


@pytest.mark.parametrize("name", NAMES)
def test_killed_plan_resumes(name: str, request: pytest.FixtureRequest) -> None:
    spec = read_case(name)
    server: ScratchServer = request.getfixturevalue(spec.get("server", "pg18"))
    folder = CASES_DIR / name
    a = catalog_from_sql(folder / "a.sql", server, DumpOptions(), create_roles=True)
    b = catalog_from_sql(folder / "b.sql", server, DumpOptions(), create_roles=True)
    rules = replace(rules_of(spec, False), column_order="ignore")
    options = PlanOptions(backfill=spec.get("backfill", {}), force=True)
    rendered = to_sql(build(a, b, options, rules))
    ks = _ks(len(rendered.lines))
    empty = _refused(server, folder, a, b, rendered, options.backfill)
    for k in ks:
        db = build_source(server, a, folder / "a.sql", create_roles=True)
        dsn = server.dsn(db)
        try:
            memos = _seeded(dsn, a, b, options.backfill, empty)
            apply_text(server, dsn, _upto(rendered, k))  # then killed
            if k == ks[len(ks) // 2]:  # planned again from the half-migrated database
                with connect(dsn) as conn:
                    half = dump(conn, DumpOptions(exclude_schemas=(MEMO,)))
                apply_text(server, dsn, to_sql(build(half, b, options, rules)))
            else:
                apply_text(server, dsn, rendered)  # the same file, run again
            lost = _accounted(dsn, memos)
            with connect(dsn) as conn:
                after = dump(conn, DumpOptions())
        finally:
            server.drop_database(db)
        assert not lost, (k, rendered.lines[k - 1][2], lost)
        residual = diff(after, b, rules, "after resume", "target")
        assert residual.identical, (k, rendered.lines[k - 1][2], [
            (c.op, c.key, [d.path for d in c.details]) for c in residual.changes])


# name: (source DDL, target DDL): steps PostgreSQL has no IF [NOT] EXISTS for
RERUN = {
    "enum_swap": (
        "create type mood as enum ('a', 'b', 'c'); create domain md as mood[];"
        " create table t (id int primary key, m mood default 'a', ms mood[], d md);",
        "create type mood as enum ('b', 'a'); create domain md as mood[];"
        " create table t (id int primary key, m mood default 'a', ms mood[], d md);"),
    "constraint_trigger": (
        "create table t (id int primary key); create function f() returns trigger"
        " language plpgsql as $$ begin return new; end $$;",
        "create table t (id int primary key); create function f() returns trigger"
        " language plpgsql as $$ begin return new; end $$; create constraint trigger t_check"
        " after insert on t deferrable initially deferred for each row execute function f();"),
    "event_trigger": (
        "create function ef() returns event_trigger language plpgsql as $$ begin end $$;",
        "create function ef() returns event_trigger language plpgsql as $$ begin end $$;"
        " create event trigger et on ddl_command_end execute function ef();"),
    "drop_expression": (
        "create table t (id int primary key, a int, b int generated always as (a * 2) stored);",
        "create table t (id int primary key, a int, b int);"),
}
# what a re-run must leave as it was: the objects' identities and the tables' files
SNAPSHOT = [
    "select typname, oid from pg_type where typnamespace = 'public'::regnamespace",
    "select relname, relfilenode from pg_class where relnamespace = 'public'::regnamespace",
    "select tgname, oid from pg_trigger where not tgisinternal",
    "select evtname, oid from pg_event_trigger",
]


def _snapshot(dsn: str) -> list[list[tuple[object, ...]]]:
    with connect(dsn) as conn:
        return [sorted(conn.execute(q).fetchall()) for q in SNAPSHOT]  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(RERUN))
def test_finished_plan_run_again_changes_nothing(name: str, pg18: ScratchServer,
                                                tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The whole plan run a second time: every step finds its work done and skips it (the
    enum swap keeps its type, no column is rewritten; no 'already exists')."""
    catalogs = []
    for side, ddl in zip("ab", RERUN[name], strict=True):
        (tmp_path / f"{side}.sql").write_text(ddl + "\n")
        catalogs.append(catalog_from_sql(tmp_path / f"{side}.sql", pg18, DumpOptions()))
    a, b = catalogs
    rendered = to_sql(build(a, b, PlanOptions()))
    db = build_source(pg18, a, tmp_path / "a.sql")
    dsn = pg18.dsn(db)
    try:
        with connect(dsn, autocommit=True) as conn:
            seed(conn, a, ROWS)
        apply_text(pg18, dsn, rendered)
        done = _snapshot(dsn)
        apply_text(pg18, dsn, rendered)  # again
        assert _snapshot(dsn) == done
        with connect(dsn) as conn:
            after = dump(conn, DumpOptions())
    finally:
        pg18.drop_database(db)
    assert diff(after, b, None, "after", "target").identical
