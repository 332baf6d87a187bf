"""Pre-checks: a plan whose data does not fit stops in its first phase, read-only, naming the
count and example keys, and the database is the same dump (and the same rows) as before.
Each condition on PostgreSQL 15 and 18; with data that fits, the same plan lands."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from schemaparity import dumpfile
from schemaparity.catalog import DumpOptions, dump
from schemaparity.plan import PlanOptions, build
from schemaparity.plan.render import to_sql
from schemaparity.scratch import ScratchServer
from schemaparity.source import catalog_from_sql
from schemaparity.verify import VerifyFailed, apply

# name: (source DDL, target DDL, rows that do not fit, the fix, the step, the message)
CASES = {
    "unique": (
        "create table users (id int primary key, email text);",
        "create table users (id int primary key, email text,"
        " constraint users_email_key unique (email));",
        "insert into users values (1, 'a@x'), (2, 'a@x'), (3, 'b@y'), (4, 'b@y'), (5, 'c'),"
        " (6, null), (7, null);",
        "delete from users where id in (2, 4);",
        "0.precheck.unique:public.users.users_email_key",
        r"precheck failed: 2 duplicate \(email\) groups in public.users, e.g. \(a@x\), \(b@y\)"),
    "unique_index": (
        "create table t (id int primary key, a int, b int);",
        "create table t (id int primary key, a int, b int);"
        " create unique index t_ab on t (a, lower(b::text)) where b > 0;",
        "insert into t values (1, 1, 1), (2, 1, 1), (3, 1, -1), (4, 1, -1);",
        "update t set a = id;",
        "0.precheck.unique:public.t.t_ab",
        r"precheck failed: 1 duplicate \(a, lower\(b::text\)\) groups in public.t, "
        r"e.g. \(1,1\)"),
    "not_null": (
        "create table t (id int primary key, v int, w int);",
        "create table t (id int primary key, v int not null, w int);",
        "insert into t values (1, null, null), (2, null, 5), (3, 1, null), (4, null, null);",
        "update t set w = 0;",
        "0.precheck.not_null:public.t.v",
        r"precheck failed: 2 rows of public.t left NULL in v \(made NOT NULL\): the backfill "
        r"rule gives NULL \(t.w\), e.g. \(1\), \(4\)"),
    "check": (
        "create table t (id int primary key, price int);",
        "create table t (id int primary key, price int, constraint t_price check (price > 0));",
        "insert into t values (1, 5), (2, -1), (3, 0), (4, null);",
        "delete from t where price <= 0;",
        "0.precheck.check:public.t.t_price",
        r"precheck failed: 2 rows of public.t violate t_price CHECK \(\(price > 0\)\), "
        r"e.g. \(2\), \(3\)"),
    "foreign_key": (
        "create table p (id int primary key); create table c (id int primary key, p_id int);",
        "create table p (id int primary key); create table c (id int primary key, p_id int"
        " constraint c_p_fk references p);",
        "insert into p values (1); insert into c values (1, 1), (2, 7), (3, null), (4, 8);",
        "insert into p values (7), (8);",
        "0.precheck.foreign_key:public.c.c_p_fk",
        r"precheck failed: 2 orphan rows of public.c for c_p_fk \(no match in public.p\), "
        r"e.g. \(2\), \(4\)"),
    "length": (
        "create table t (id int primary key, v varchar(50));",
        "create table t (id int primary key, v varchar(5));",
        "insert into t values (1, 'abc'), (2, repeat('x', 40)), (3, 'abcdef');",
        "update t set v = left(v, 5);",
        "0.precheck.type:public.t.v",
        r"precheck failed: 2 rows of public.t hold a v value that character varying\(5\) "
        r"cannot keep exactly, e.g. \(2\), \(3\)"),
    "numeric": (
        "create table t (id int primary key, v numeric(10,2));",
        "create table t (id int primary key, v numeric(4,2));",
        "insert into t values (1, 12.34), (2, 12345.67), (3, 99.99);",
        "update t set v = 1 where id > 1;",
        "0.precheck.type:public.t.v",
        r"precheck failed: 1 rows of public.t hold a v value that numeric\(4,2\) cannot keep"
        r" exactly, e.g. \(2\)"),
    "integer": (
        "create table t (id int primary key, v integer);",
        "create table t (id int primary key, v smallint);",
        "insert into t values (1, 123), (2, 40000), (3, -40000);",
        "update t set v = 1;",
        "0.precheck.type:public.t.v",
        r"precheck failed: 2 rows of public.t hold a v value that smallint cannot keep "
        r"exactly, e.g. \(2\), \(3\)"),
    "castable": (
        "create table t (id int primary key, v text);",
        "create table t (id int primary key, v integer);",
        "insert into t values (1, '42'), (2, 'abc'), (3, 'abc'), (4, '1.5');",
        "update t set v = '7' where id > 1;",
        "0.precheck.type:public.t.v",
        r"precheck failed: 3 rows of public.t hold a v value that integer cannot keep "
        r"exactly, e.g. '1.5', 'abc'"),
    "enum_value": (
        "create type mood as enum ('a', 'b', 'c');"
        " create table t (id int primary key, m mood, ms mood[]);",
        "create type mood as enum ('a', 'b');"
        " create table t (id int primary key, m mood, ms mood[]);",
        "insert into t values (1, 'c', '{a}'), (2, 'a', '{a,c}'), (3, 'c', null);",
        "update t set m = 'a', ms = '{b}';",
        "0.precheck.enum_value:public.t.m",
        r"precheck failed: 2 rows of public.t hold in m a value removed from public.mood "
        r"\(c\), e.g. \(1\), \(3\)"),
    "primary_key_null": (
        "create table t (id int, v int);",
        "create table t (id int primary key, v int);",
        "insert into t values (1, 1), (null, 2), (null, 3), (4, null);",
        "delete from t where id is null;",
        "0.precheck.not_null:public.t.id",
        r"precheck failed: 2 rows of public.t left NULL in id \(made NOT NULL\): no backfill "
        r"rule fills it, e.g. \(,2\), \(,3\)"),
    "primary_key_filled": (
        "create table t (id int, v int);",
        "create table t (id int primary key, v int);",
        "insert into t values (1, 5), (null, 1), (null, 7), (null, 7), (null, 8);",
        "delete from t where v in (1, 7);",
        "0.precheck.unique:public.t.t_pkey",
        r"precheck failed: 2 duplicate \(id\) groups in public.t \(once id filled by the "
        r"backfill\), e.g. \(1\), \(7\)"),
    "unique_nulls_not_distinct": (
        "create table t (id int primary key, a int);",
        "create table t (id int primary key, a int,"
        " constraint t_a_key unique nulls not distinct (a));",
        "insert into t values (1, null), (2, null), (3, 1), (4, 2);",
        "update t set a = id;",
        "0.precheck.unique:public.t.t_a_key",
        r"precheck failed: 1 duplicate \(a\) groups in public.t, e.g. \(\)"),
    "identity_null": (
        "create table t (id int primary key, n int);",
        "create table t (id int primary key, n int generated by default as identity);",
        "insert into t values (1, null), (2, 5), (3, null);",
        "update t set n = id + 100;",
        "0.precheck.not_null:public.t.n",
        r"precheck failed: 2 rows of public.t left NULL in n \(made NOT NULL\): no backfill "
        r"rule fills it, e.g. \(1\), \(3\)"),
    "exclude": (
        "create table t (id int primary key, during int4range);",
        "create table t (id int primary key, during int4range,"
        " constraint t_no_overlap exclude using gist (during with &&) where (id > 0));",
        "insert into t values (1, '[1,5)'), (2, '[3,8)'), (3, '[10,12)'), (4, null),"
        " (-5, '[1,5)');",
        "update t set during = int4range(id * 10, id * 10 + 1);",
        "0.precheck.exclude:public.t.t_no_overlap",
        r"precheck failed: 2 rows of public.t conflict with another row under t_no_overlap,"
        r" e.g. \(1\), \(2\)"),
    "partition_range": (
        "create table m (id int, at int, b int) partition by range (at, b);"
        " create table m_1 (id int primary key, at int, b int);",
        "create table m (id int, at int, b int) partition by range (at, b);"
        " create table m_1 partition of m (constraint m_1_pkey primary key (id))"
        " for values from (10, minvalue) to (20, 5);",
        "insert into m_1 values (1, 10, -100), (2, 9, 1), (3, 20, 5), (4, null, 1),"
        " (5, 20, 4), (6, 15, null);",
        "delete from m_1 where id in (2, 3, 4, 6);",
        "0.precheck.partition:public.m_1",
        r"precheck failed: 4 rows of public.m_1 outside the bound \(FOR VALUES FROM \(10,"
        r" MINVALUE\) TO \(20, 5\)\) of public.m it is attached to, e.g. \(2\), \(3\),"
        r" \(4\), \(6\)"),
    "partition_list": (
        "create table m (id int, k text) partition by list (k);"
        " create table m_ab (id int primary key, k text);",
        "create table m (id int, k text) partition by list (k);"
        " create table m_ab partition of m (constraint m_ab_pkey primary key (id))"
        " for values in ('a', 'b', null);",
        "insert into m_ab values (1, 'a'), (2, null), (3, 'c'), (4, 'b'), (5, 'A');",
        "update m_ab set k = 'a' where id in (3, 5);",
        "0.precheck.partition:public.m_ab",
        r"precheck failed: 2 rows of public.m_ab outside the bound \(FOR VALUES IN \('a',"
        r" 'b', NULL\)\) of public.m it is attached to, e.g. \(3\), \(5\)"),
    "partition_hash": (
        "create table m (id int) partition by hash (id);"
        " create table m_0 partition of m for values with (modulus 2, remainder 0);"
        " create table m_1 (id int primary key);",
        "create table m (id int) partition by hash (id);"
        " create table m_0 partition of m for values with (modulus 2, remainder 0);"
        " create table m_1 partition of m (constraint m_1_pkey primary key (id))"
        " for values with (modulus 2, remainder 1);",
        "insert into m_1 select g from generate_series(1, 6) as g;",
        "delete from m_1 where not satisfies_hash_partition('m'::regclass, 2, 1, id);",
        "0.precheck.partition:public.m_1",
        r"precheck failed: \d+ rows of public.m_1 outside the bound \(FOR VALUES WITH"
        r" \(modulus 2, remainder 1\)\) of public.m it is attached to, e.g. \(\d\)"),
    "partition_default": (
        "create table m (id int, at int) partition by range (at);"
        " create table m_1 partition of m for values from (0) to (10);"
        " create table m_d (id int primary key, at int);",
        "create table m (id int, at int) partition by range (at);"
        " create table m_1 partition of m for values from (0) to (10);"
        " create table m_d partition of m (constraint m_d_pkey primary key (id)) default;",
        "insert into m_d values (1, 5), (2, 10), (3, null), (4, 0), (5, -1);",
        "update m_d set at = 100 where at between 0 and 9;",
        "0.precheck.partition:public.m_d",
        r"precheck failed: 2 rows of public.m_d inside another partition's bound \(DEFAULT\)"
        r" of public.m it is attached to, e.g. \(1\), \(4\)"),
    "partition_default_rows": (
        "create table m (id int, at int) partition by range (at);"
        " create table m_d partition of m (constraint m_d_pkey primary key (id)) default;",
        "create table m (id int, at int) partition by range (at);"
        " create table m_d partition of m (constraint m_d_pkey primary key (id)) default;"
        " create table m_1 partition of m for values from (0) to (10);",
        "insert into m values (1, 5), (2, 10), (3, null), (4, 0), (5, -1);",
        "update m set at = 100 where at between 0 and 9;",
        "0.precheck.partition:public.m_d",
        r"precheck failed: 2 rows of the DEFAULT partition public.m_d inside the bound \(FOR"
        r" VALUES FROM \(0\) TO \(10\)\) of public.m_1, e.g. \(1\), \(4\)"),
}
BACKFILL = {"not_null": {"public.t.v": "t.w"}, "primary_key_null": {"public.t.id": "NULL"},
            "primary_key_filled": {"public.t.id": "t.v"}}


def _catalog(server: ScratchServer, tmp_path: Path, name: str, ddl: str):  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.sql"
    path.write_text(ddl + "\n")
    return catalog_from_sql(path, server, DumpOptions())


def _state(dsn: str, tables: list[str]) -> tuple[str, list[object]]:
    """The dump of the database and every row of its tables."""
    with psycopg.connect(dsn) as conn:
        text = dumpfile.to_json(dump(conn, DumpOptions()))
        rows = [conn.execute(f"select * from {t} order by 1").fetchall() for t in tables]
    return text, rows


@pytest.mark.parametrize("name", sorted(CASES))
def test_precheck_stops_before_any_change(server: ScratchServer, tmp_path: Path,
                                          name: str) -> None:
    before_ddl, after_ddl, rows, fix, step, message = CASES[name]
    plan = build(_catalog(server, tmp_path, "a", before_ddl),
                 _catalog(server, tmp_path, "b", after_ddl),
                 PlanOptions(backfill=BACKFILL.get(name, {})))
    assert plan.steps[0].id.startswith("0.precheck."), [s.id for s in plan.steps]
    assert step in [s.id for s in plan.steps]
    db = server.create_database()
    dsn = server.dsn(db)
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(before_ddl)
            conn.execute(rows)
            tables = [r[0] for r in conn.execute(
                "select relname from pg_class where relkind = 'r' and relnamespace ="
                " 'public'::regnamespace order by 1")]
        before = _state(dsn, tables)
        with pytest.raises(VerifyFailed, match=f"step {step} failed: .*{message}"):
            apply(server, dsn, plan)
        assert _state(dsn, tables) == before  # byte for byte: nothing changed
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(fix)
        apply(server, dsn, plan)  # data that fits: every pre-check passes, the plan lands
    finally:
        server.drop_database(db)


def test_prechecks_run_read_only_first(pg18: ScratchServer, tmp_path: Path) -> None:
    before_ddl, after_ddl, *_rest = CASES["check"]
    plan = build(_catalog(pg18, tmp_path, "a", before_ddl),
                 _catalog(pg18, tmp_path, "b", after_ddl))
    text = to_sql(plan).text
    phase = text.split("-- ==== phase 0: precheck (1 steps) ====\n", 1)[1]
    phase = phase.split("-- ==== phase", 1)[0]
    assert "-- cost: full scan of public.t\nSET TRANSACTION READ ONLY;\nDO $precheck$" in phase
    assert text.index("phase 0: precheck") < text.index("ADD CONSTRAINT")


@pytest.mark.parametrize("name", ["partition_default", "partition_hash", "partition_range"])
def test_partition_precheck_from_changed_dumps(pg18: ScratchServer, tmp_path: Path,
                                               name: str) -> None:
    """Two dumps read as only what differs (with the planner's context) still carry the
    parent's partition key and the other partitions' bounds: the same pre-check is planned."""
    before_ddl, after_ddl, *_rest = CASES[name]
    a, b = (_catalog(pg18, tmp_path, side, ddl) for side, ddl in (("a", before_ddl),
                                                                    ("b", after_ddl)))
    paths = [tmp_path / "a.json", tmp_path / "b.json"]
    for path, cat in zip(paths, (a, b), strict=True):
        path.write_text(dumpfile.to_json(cat))
    pair = dumpfile.load_changed_pair(*paths, context=True)
    assert pair is not None
    whole = [s.sql for s in build(a, b).steps if s.id.startswith("0.precheck.partition:")]
    assert whole and [s.sql for s in build(*pair).steps
                      if s.id.startswith("0.precheck.partition:")] == whole
