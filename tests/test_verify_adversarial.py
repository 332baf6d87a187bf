"""``--adversarial``: rows that trip each condition a plan depends on (PostgreSQL 18).

For each condition: the planner's plan, which does not look for such rows, fails verify
naming the step and the condition; the same plan behind a pre-check step that refuses such
rows stops before changing anything, and verify accepts that (dump before = dump after).
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from schemaparity.plan import Phase, PlanOptions, build
from schemaparity.plan.render import to_sql
from schemaparity.plan.sqlgen import sql
from schemaparity.seed_adversarial import conditions
from schemaparity.verify import VerifyFailed, verify

from .test_verify_observe import catalogs

CASES = {
    "duplicate": ("create table t (id int primary key, email text);",
                  "create table t (id int primary key, email text unique);",
                  "duplicates on future unique key public.t (email)"),
    "null": ("create table t (id int primary key, name text);",
             "create table t (id int primary key, name text not null);",
             "NULL in future NOT NULL column public.t.name"),
    "check": ("create table t (id int primary key, qty int);",
              "create table t (id int primary key, qty int constraint qty_positive "
              "check (qty > 0));",
              "row violating future CHECK public.t.qty_positive"),
    "orphan": ("create table p (id int primary key);\n"
               "create table t (id int primary key, p_id int);",
               "create table p (id int primary key);\n"
               "create table t (id int primary key, p_id int constraint t_p references p);",
               "orphan for future foreign key public.t.t_p -> public.p"),
    "narrowing": ("create table t (id int primary key, code varchar(50));",
                  "create table t (id int primary key, code varchar(5));",
                  "value not fitting public.t.code character varying(50) -> "
                  "character varying(5)"),
    "enum": ("create type mood as enum ('ok', 'meh', 'bad');\n"
             "create table t (id int primary key, m mood);",
             "create type mood as enum ('ok', 'meh');\n"
             "create table t (id int primary key, m mood);",
             "enum value 'bad' of public.mood about to be removed, in public.t.m"),
}


NO_VALUE = {"public.t.name": "(SELECT NULL::text)"}  # a backfill rule that finds nothing
OPTIONS = {"null": PlanOptions(backfill=NO_VALUE)}
# ordinary seeded rows trip these already: NULLs in nullable columns, long unicode text
ORDINARY_TRIPS = ("null", "narrowing")


def with_precheck(plan_text: str, source, target) -> str:  # type: ignore[no-untyped-def]
    """The plan behind a pre-check step refusing every row that trips a condition."""
    tests = []
    for cond in conditions(source, target):
        trips = sql("seed/trips", mode=cond.mode, schema=cond.table.schema,
                    table=cond.table.name, columns=cond.columns, **cond.extra)
        tests.append(f"IF ({trips}) THEN RAISE EXCEPTION 'pre-check: %', "
                     f"$w${cond.what}$w$; END IF;")
    block = ("-- ==== phase 0: precheck (1 steps) ====\n\n-- step 0.precheck.rows:public.t\n"
             "--   lock: ACCESS SHARE\nDO $p$ BEGIN\n" + "\n".join(tests) + "\nEND $p$;\n\n")
    head, sep, rest = plan_text.partition("-- ==== phase ")
    return head + block + sep + rest


@pytest.mark.parametrize("mode", sorted(CASES))
def test_a_plan_that_does_not_handle_the_condition_fails_naming_it(pg18, mode: str) -> None:
    a_sql, b_sql, what = CASES[mode]
    a, b = catalogs(pg18, a_sql, b_sql)
    plan = build(a, b, OPTIONS.get(mode, PlanOptions()))
    # the plan without its pre-check phase: nothing stops the rows before they do harm
    plan = dataclasses.replace(plan, steps=tuple(s for s in plan.steps
                                                 if s.phase != Phase.PRECHECK))
    if mode not in ORDINARY_TRIPS:
        result = verify(pg18, plan, a, b, seed_rows=10)  # ordinary rows: it lands
        assert result.ok and result.stopped is None
    with pytest.raises(VerifyFailed) as caught:
        verify(pg18, plan, a, b, seed_rows=10, adversarial=True)
    assert re.search(r"step \d\.\S+ failed: ", str(caught.value)), caught.value
    assert what in str(caught.value)


@pytest.mark.parametrize("mode", sorted(CASES))
def test_a_plan_stopping_in_pre_check_changes_nothing_and_passes(pg18, mode: str) -> None:
    a_sql, b_sql, what = CASES[mode]
    a, b = catalogs(pg18, a_sql, b_sql)
    text = with_precheck(to_sql(build(a, b, OPTIONS.get(mode, PlanOptions()))).text, a, b)
    result = verify(pg18, text, a, b, seed_rows=10, adversarial=True)
    assert result.ok and result.stopped is not None
    assert "0.precheck.rows:public.t" in result.stopped and what in result.stopped
    assert result.residual.identical
    assert [p.what for p in result.planted if p.planted] == [what]
    assert all(r.lost == 0 and r.changed == 0 for r in result.rows)
    if mode not in ORDINARY_TRIPS:
        landed = verify(pg18, text, a, b, seed_rows=10)  # without adversarial rows it lands
        assert landed.ok and landed.stopped is None


def test_a_plan_that_fills_the_nulls_lands_with_every_row_accounted_for(pg18) -> None:
    a_sql, b_sql, what = CASES["null"]
    a, b = catalogs(pg18, a_sql, b_sql)
    rule = {"public.t.name": "'unknown'"}
    result = verify(pg18, build(a, b, PlanOptions(backfill=rule)), a, b, seed_rows=10,
                    backfill=rule, adversarial=True)
    assert result.ok and result.stopped is None
    assert [p.what for p in result.planted if p.planted] == [what]
    assert [(r.table, r.kept, r.lost, r.changed) for r in result.rows] == [
        ("table:public.t", 20, 0, 0)]
    assert result.backfilled == (("public.t.name", 8),)


def test_a_pre_check_stop_is_a_failure_if_something_changed_first(pg18) -> None:
    a_sql, b_sql, _what = CASES["check"]
    a, b = catalogs(pg18, a_sql, b_sql)
    text = with_precheck(to_sql(build(a, b, PlanOptions())).text, a, b)
    early = ("-- ==== phase 0: precheck (2 steps) ====\n\n-- step 0.precheck.meddle:public.t\n"
             "--   lock: SHARE\nCREATE INDEX t_qty ON t (qty);\n\n")
    text = text.replace("-- ==== phase 0: precheck (1 steps) ====\n\n", early)
    with pytest.raises(VerifyFailed, match="stopped in its pre-check phase: .* but changed "
                                           "the schema first: 1 difference"):
        verify(pg18, text, a, b, seed_rows=10, adversarial=True)


def test_a_plan_that_deletes_the_duplicates_loses_rows(pg18) -> None:
    a_sql, b_sql, what = CASES["duplicate"]
    a, b = catalogs(pg18, a_sql, b_sql)
    text = to_sql(build(a, b, PlanOptions())).text.replace(
        "-- ==== phase ", "DELETE FROM t a USING t b WHERE a.email = b.email AND a.id > b.id;\n"
        "-- ==== phase ", 1)
    with pytest.raises(VerifyFailed, match=rf"table:public\.t: 1 of 20 rows lost.*"
                                           rf"{re.escape(what)}"):
        verify(pg18, text, a, b, adversarial=True)

