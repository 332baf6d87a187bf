"""Narrowing column types never lose data: refused unless ``may_fail`` is allowed, and then
applied so that rows that do not fit make the step fail (nothing truncated or rounded, the
table unchanged), while rows that fit come through. On PostgreSQL 15 and 18."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import psycopg
import pytest

from schemaparity.catalog import DumpOptions
from schemaparity.plan import Hazard, Phase, build
from schemaparity.plan import refused as refused_hazards
from schemaparity.plan.ops.narrowing import TypeText, dollar_tag, narrowing
from schemaparity.scratch import ScratchServer
from schemaparity.source import catalog_from_sql
from schemaparity.verify import VerifyFailed, apply

# old type, new type, a value that does not fit (100 rows of it), one that fits, the error
CASES = [
    ("varchar(50)", "varchar(5)", "repeat('x', 40)", "'abcde'", "cannot keep exactly"),
    ("varchar(50)", "varchar(3)", "'ab   '", "'ab '", "cannot keep exactly"),
    ("text", "varchar(5)", "repeat('y', 6)", "'hello'", "cannot keep exactly"),
    ("char(10)", "char(3)", "'abcdefg'", "'abc'", "cannot keep exactly"),
    ("bit(8)", "bit(4)", "B'10100000'", "NULL", "cannot keep exactly"),
    ("varbit(8)", "varbit(4)", "B'101010'", "B'101'", "cannot keep exactly"),
    ("numeric(10,2)", "numeric(4,2)", "12345.67", "12.34", "numeric field overflow"),
    ("numeric(10,2)", "numeric(10,1)", "1.25", "1.20", "cannot keep exactly"),
    ("numeric", "numeric(6,2)", "1.005", "1234.5", "cannot keep exactly"),
    ("integer", "smallint", "40000", "123", "out of range"),
    ("bigint", "integer", "5000000000", "7", "out of range"),
    ("integer", "numeric(4,0)", "12345", "1234", "numeric field overflow"),
    ("numeric(8,3)", "integer", "1.5", "2", "cannot keep exactly"),
    ("double precision", "real", "0.1", "0.5", "cannot keep exactly"),
    ("timestamptz", "date", "'2024-01-02 03:04:05+00'", "'2024-01-02'::date",
     "cannot keep exactly"),
    ("timestamp(6)", "timestamp(3)", "'2024-01-01 00:00:00.123456'",
     "'2024-01-01 00:00:00.123'", "cannot keep exactly"),
    ("text", "integer", "'abc'", "'42'", "invalid input syntax"),
]
TYPE_OF_V = ("select format_type(atttypid, atttypmod) from pg_attribute"
             " where attrelid = 't'::regclass and attname = 'v'")


def _catalog(server: ScratchServer, tmp_path: Path, name: str, column_type: str):  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.sql"
    path.write_text(f"create table t (id int primary key, v {column_type});\n")
    return catalog_from_sql(path, server, DumpOptions())


def _rows(conn: psycopg.Connection, old: str) -> list[tuple[object, ...]]:
    """Every row, its value read back as the old type (so an equal value reads equal)."""
    return conn.execute(f"select id, v::{old} from t order by id").fetchall()


@pytest.mark.parametrize(("old", "new", "bad", "good", "error"), CASES,
                         ids=[f"{c[0]}->{c[1]}" for c in CASES])
def test_narrowing_fails_instead_of_losing_data(server: ScratchServer, tmp_path: Path,
                                                old: str, new: str, bad: str, good: str,
                                                error: str) -> None:
    plan = build(_catalog(server, tmp_path, "a", old), _catalog(server, tmp_path, "b", new))
    others = {h.value for h in Hazard} - {Hazard.MAY_FAIL.value}
    assert [h.hazard for _s, h in refused_hazards(plan, others)] == [Hazard.MAY_FAIL]
    name = server.create_database()
    dsn = server.dsn(name)
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"create table t (id int primary key, v {old})")
            conn.execute(f"insert into t values (1, {good})")
            conn.execute(f"insert into t select g, {bad} from generate_series(2, 101) g")
            before = _rows(conn, old)
            old_type = conn.execute(TYPE_OF_V).fetchone()
        with pytest.raises(VerifyFailed, match="step 0.precheck.type:public.t.v failed: precheck "
                           "failed: 100 rows of public.t hold a v value that"):
            apply(server, dsn, plan)
        # without its pre-checks, the step itself still fails instead of losing data
        bare = replace(plan, steps=tuple(s for s in plan.steps if s.phase != Phase.PRECHECK))
        with pytest.raises(VerifyFailed, match=f"step 2.column.type:public.t.v failed: .*{error}"):
            apply(server, dsn, bare)
        with psycopg.connect(dsn, autocommit=True) as conn:
            assert _rows(conn, old) == before  # nothing truncated, rounded or altered
            assert conn.execute(TYPE_OF_V).fetchone() == old_type
            conn.execute("delete from t where id > 1")
        apply(server, dsn, plan)  # the rows that fit come through, unchanged
        with psycopg.connect(dsn, autocommit=True) as conn:
            assert _rows(conn, old) == before[:1]
            assert conn.execute(TYPE_OF_V).fetchone() != old_type
    finally:
        server.drop_database(name)


@pytest.mark.parametrize(("old", "new"), [
    ("character varying(5)", "character varying(50)"), ("integer", "bigint"),
    ("numeric(10,2)", "numeric(12,2)"), ("numeric(10,2)", "numeric"), ("real", "double precision"),
    ("timestamp(3) without time zone", "timestamp(6) without time zone"),
    ("character varying(50)", "text"), ("integer", "text"), ("bit(4)", "bit(4)"),
    ("timestamp without time zone", "timestamp with time zone"), ("integer", "numeric(10,0)"),
    ('public."odd(1)"', "text"),
])
def test_widening_is_not_a_narrowing(old: str, new: str) -> None:
    assert narrowing(old, new) is None


def test_type_spellings_are_read_with_their_modifiers() -> None:
    t = TypeText.parse("timestamp(3) with time zone[]")
    assert (t.base, t.mods, t.array, t.unbounded) == (
        "timestamp with time zone", (3,), True, "timestamp with time zone[]")
    assert TypeText.parse("bit(8)").unbounded == "bit varying"  # bare "bit" is bit(1)
    assert TypeText.parse("character(3)").unbounded == "bpchar"
    assert TypeText.parse("double precision") == TypeText("double precision", (), False)
    assert narrowing("integer[]", "integer") is not None
    assert dollar_tag("fit", "t", "a$fit$b") == "fit_1"


def test_the_cli_refuses_a_narrowing_until_may_fail_is_allowed(tmp_path: Path,
                                                                scratch_env: ScratchServer) -> None:
    from .test_cli import run as run_cli

    a, b, out = tmp_path / "a.sql", tmp_path / "b.sql", tmp_path / "plan.sql"
    a.write_text("create table t (id int primary key, name varchar(50));\n")
    b.write_text("create table t (id int primary key, name varchar(5));\n")
    refused = run_cli("plan", str(a), str(b), "--allow-hazards",
                      "table_rewrite,access_exclusive_lock", "-o", str(out))
    assert refused.returncode == 1 and "may_fail" in refused.stderr and not out.exists()
    ok = run_cli("plan", str(a), str(b), "--allow-hazards", "all", "-o", str(out))
    assert ok.returncode == 0, ok.stderr
    text = out.read_text()
    assert 'LOCK TABLE "public"."t" IN ACCESS EXCLUSIVE MODE;' in text
    assert 'ALTER COLUMN "name" TYPE character varying(5);' in text  # no truncating cast
    assert 'USING "name"' not in text
