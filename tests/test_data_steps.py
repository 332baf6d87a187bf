"""Data steps on real servers: insert steps add the rows their SELECT yields once (a re-run
adds nothing), backfill rules handle the rows they cannot fill as they say (fail, delete, a
fallback), and verify accounts for every row."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemaparity.catalog import DumpOptions
from schemaparity.config import ConfigError, parse_plan
from schemaparity.datasteps import InsertStep
from schemaparity.plan import PlanError, PlanOptions, build
from schemaparity.plan.render import to_sql
from schemaparity.source import catalog_from_sql, connect
from schemaparity.verify import VerifyFailed, apply, build_source, verify
from schemaparity.verify_data import insert_steps

# Orgs named by slug; a user without a project (an orphan for the org backfill) and a
# project that lost its org; the target adds memberships and makes keys.org_id NOT NULL.
SOURCE = """
create table orgs (id int primary key, slug text not null unique);
create table users (id int primary key, name text not null);
create table projects (id int primary key, org_id int references orgs);
create table keys (id int primary key, project_id int references projects, org_id int);
insert into orgs values (1, 'acme'), (2, 'oss-default');
insert into users values (10, 'ann'), (11, 'bob'), (12, 'cy');
insert into projects values (100, 1), (101, NULL);
insert into keys values (1000, 100, NULL), (1001, 101, NULL), (1002, NULL, NULL);
"""
TARGET = """
create table orgs (id int primary key, slug text not null unique);
create table users (id int primary key, name text not null);
create table projects (id int primary key, org_id int references orgs);
create table keys (id int primary key, project_id int references projects,
                   org_id int not null references orgs);
create table members (id bigint generated always as identity primary key,
                      org_id int not null references orgs, user_id int not null references users,
                      role text not null);
"""
ORG_OF_PROJECT = "(SELECT p.org_id FROM public.projects p WHERE p.id = t.project_id)"
DEFAULT_ORG = "(SELECT o.id FROM public.orgs o WHERE o.slug = 'oss-default')"
MEMBERS = InsertStep(
    "public.members",
    "SELECT o.id AS org_id, u.id AS user_id, 'member' AS role FROM public.users u "
    "JOIN public.orgs o ON o.slug = 'oss-default'", ("org_id", "user_id"),
    ("org_id", "user_id", "role"))


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.sql"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def sides(tmp_path: Path, pg18):  # type: ignore[no-untyped-def]
    a = _file(tmp_path, "a", SOURCE)
    b = _file(tmp_path, "b", TARGET)
    return a, catalog_from_sql(a, pg18, DumpOptions()), catalog_from_sql(b, pg18, DumpOptions())


def _run(pg18, sides, options: PlanOptions) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Apply the plan to a copy of the source; (keys rows, members rows, re-run inserted)."""
    a_sql, a, b = sides
    plan = build(a, b, options)
    name = build_source(pg18, a, a_sql)
    try:
        dsn = pg18.dsn(name)
        apply(pg18, dsn, plan)
        with connect(dsn, autocommit=True) as conn:
            keys = conn.execute("SELECT id, org_id FROM keys ORDER BY id").fetchall()
            members = conn.execute("SELECT org_id, user_id, role FROM members "
                                   "ORDER BY user_id").fetchall()
            for _id, text in insert_steps(to_sql(plan)):
                conn.execute(text)  # the step again
            again = conn.execute("SELECT count(*) FROM members").fetchone()
    finally:
        pg18.drop_database(name)
    return [keys, members, again]


def test_insert_rows_once_and_a_rerun_inserts_nothing(pg18, sides) -> None:
    rules = {"public.keys.org_id": f"COALESCE({ORG_OF_PROJECT}, {DEFAULT_ORG})"}
    keys, members, again = _run(pg18, sides, PlanOptions(backfill=rules, inserts=(MEMBERS,),
                                                         batch_size=2))
    assert members == [(2, 10, "member"), (2, 11, "member"), (2, 12, "member")]
    assert again == (3,)
    assert keys == [(1000, 1), (1001, 2), (1002, 2)]


def test_unresolved_rows_fail_by_default(pg18, sides) -> None:
    # the pre-check phase meets them first: the plan stops before any change, naming them
    stop = (r"0\.precheck\.not_null:public\.keys\.org_id .*2 rows of public\.keys left NULL "
            r"in org_id.*\(1001\), \(1002\)")
    with pytest.raises(VerifyFailed, match=stop):
        _run(pg18, sides, PlanOptions(backfill={"public.keys.org_id": ORG_OF_PROJECT}))


def test_unresolved_rows_are_deleted_when_the_rule_says_so(pg18, sides) -> None:
    options = PlanOptions(backfill={"public.keys.org_id": ORG_OF_PROJECT},
                          unresolved={"public.keys.org_id": "delete"})
    plan = build(sides[1], sides[2], options)
    assert any(h.hazard.value == "deletes_data" for _s, h in plan.hazards)
    keys, _members, _again = _run(pg18, sides, options)
    assert keys == [(1000, 1)]


def test_unresolved_rows_get_the_fallback(pg18, sides) -> None:
    cfg = parse_plan("plan", {"backfill": {"public.keys.org_id": {
        "value": ORG_OF_PROJECT, "fallback": DEFAULT_ORG}}})
    keys, _members, _again = _run(pg18, sides, PlanOptions(backfill=cfg.backfill))
    assert keys == [(1000, 1), (1001, 2), (1002, 2)]


def test_verify_accounts_for_deleted_and_inserted_rows(pg18, sides) -> None:
    a_sql, a, b = sides
    rules = {"public.keys.org_id": ORG_OF_PROJECT}
    delete = {"public.keys.org_id": "delete"}
    plan = build(a, b, PlanOptions(backfill=rules, unresolved=delete, inserts=(MEMBERS,)))
    result = verify(pg18, plan, a, b, sql_file=a_sql, seed_rows=3, backfill=rules,
                    unresolved=delete)
    assert result.ok
    # without the delete rule, the rows the plan deletes are rows lost
    with pytest.raises(VerifyFailed, match=r"table:public.keys: \d+ of \d+ rows lost"):
        verify(pg18, plan, a, b, sql_file=a_sql, seed_rows=3, backfill=rules)


def test_verify_finds_an_insert_that_is_not_idempotent(pg18, sides) -> None:
    a_sql, a, b = sides
    rules = {"public.keys.org_id": f"COALESCE({ORG_OF_PROJECT}, {DEFAULT_ORG})"}
    text = to_sql(build(a, b, PlanOptions(backfill=rules, inserts=(MEMBERS,)))).text
    # the step without the match on the key that leaves alone the rows already there: each
    # run inserts every row again
    there = "\n     WHERE (r."
    assert text.count(there) == 1
    broken = text.replace(there, "\n     WHERE false AND (r.")
    with pytest.raises(VerifyFailed, match=r"run again inserted \d+ row"):
        verify(pg18, broken, a, b, sql_file=a_sql, seed_rows=1, backfill=rules)


def _reads(conn, table: str) -> int:  # type: ignore[no-untyped-def]
    """Sequential scans of ``table`` so far (this backend's counts flushed first)."""
    conn.execute("SELECT pg_stat_force_next_flush()")
    return conn.execute("SELECT seq_scan FROM pg_stat_user_tables WHERE relname = %s",
                        (table,)).fetchone()[0]


def test_an_insert_reads_its_select_and_table_a_fixed_number_of_times(pg18, tmp_path) -> None:
    """The SELECT is evaluated (counted by a sequence it calls per row) and the target table
    scanned a fixed number of times, however many batches the rows take: not once a batch,
    which made the step quadratic in the rows it yields."""
    counted = "create sequence evals;\n"
    a = _file(tmp_path, "a", counted + SOURCE + "insert into users select n, 'u' || n "
              "from generate_series(13, 52) n;\n")
    b = _file(tmp_path, "b", counted + TARGET)
    source, target = (catalog_from_sql(f, pg18, DumpOptions()) for f in (a, b))
    select = MEMBERS.select + " WHERE nextval('public.evals') > 0"
    step = InsertStep("public.members", select, MEMBERS.key, MEMBERS.columns)
    rules = {"public.keys.org_id": f"COALESCE({ORG_OF_PROJECT}, {DEFAULT_ORG})"}
    plan = build(source, target, PlanOptions(backfill=rules, inserts=(step,), batch_size=2))
    [(_id, text)] = insert_steps(to_sql(plan))
    name = build_source(pg18, source, a)
    try:
        dsn = pg18.dsn(name)
        apply(pg18, dsn, plan)
        with connect(dsn, autocommit=True) as conn:
            conn.execute("DELETE FROM members")  # the step again, inserting all 43 rows
            calls = conn.execute(f"SELECT count(*) FROM ({select}) s").fetchone()[0]
            evals = conn.execute("SELECT nextval('evals')").fetchone()[0]
            scans = _reads(conn, "members")
            conn.execute(text)
            evals = conn.execute("SELECT nextval('evals')").fetchone()[0] - evals - 1
            scans = _reads(conn, "members") - scans
            assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 43  # 22 batches
    finally:
        pg18.drop_database(name)
    # the rows to insert, the final check: two evaluations, two scans of the table
    assert evals <= 2 * calls, (evals, calls)
    assert scans <= 2, scans


def test_an_insert_with_repeated_keys_stops_the_plan(pg18, sides) -> None:
    twice = InsertStep("public.members", MEMBERS.select + " CROSS JOIN generate_series(1, 2)",
                       MEMBERS.key, MEMBERS.columns)
    rules = {"public.keys.org_id": f"COALESCE({ORG_OF_PROJECT}, {DEFAULT_ORG})"}
    with pytest.raises(VerifyFailed, match="yields 0 row.* NULL key and 3 with a repeated"):
        _run(pg18, sides, PlanOptions(backfill=rules, inserts=(twice,)))


def test_insert_steps_go_with_a_plan_that_changes_their_table(sides) -> None:
    """A plan that leaves the table alone (the second plan, once the first landed) has none;
    one that drops it is refused."""
    _sql, a, b = sides
    rules = PlanOptions(backfill={"public.keys.org_id": DEFAULT_ORG}, inserts=(MEMBERS,))
    assert [s.id for s in build(a, b, rules).steps if s.id.startswith("3.insert")] == [
        "3.insert.rows:public.members"]
    assert build(b, b, rules).steps == ()
    with pytest.raises(PlanError, match="insert into public.members: the plan drops it"):
        build(b, a, PlanOptions(inserts=(MEMBERS,), force=True))


@pytest.mark.parametrize(("plan", "message"), [
    ({"insert": [{"table": "public.m", "select": "SELECT 1, u.id FROM u", "key": ["id"]}]},
     "name every column"),
    ({"insert": [{"table": "public.m", "select": "SELECT u.id FROM u", "key": ["x"]}]},
     "'x' is not a column the SELECT yields"),
    ({"insert": [{"table": "m", "select": "SELECT u.id FROM u", "key": ["id"]}]},
     "schema.table"),
    ({"backfill": {"public.t.c": {"value": "1", "unresolved": "drop"}}},
     "\"fail\" or \"delete\""),
    ({"backfill": {"public.t.c": {"value": "1", "fallback": "2", "unresolved": "fail"}}},
     "not both"),
])
def test_malformed_data_steps_are_one_clear_error(plan, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_plan("schemaparity.plan", plan)


def test_today_s_string_rules_still_read() -> None:
    cfg = parse_plan("p", {"backfill": {"public.t.c": "1", "public.t.d": {
        "value": "2", "unresolved": "delete"}}})
    assert cfg.backfill == {"public.t.c": "1", "public.t.d": "2"}
    assert cfg.unresolved == {"public.t.d": "delete"}
