"""Verify observes what each step does and accounts for every seeded row (PostgreSQL 18).

A step that takes a stronger lock than it declares, or rewrites a table without declaring
``table_rewrite``, fails verify naming the step, the declared and the observed; a plan that
deletes a seeded row or changes a kept value fails verify naming the table.
"""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from schemaparity.catalog import DumpOptions
from schemaparity.plan import PlanOptions, build
from schemaparity.plan.steps import NO_LOCK, Hazard, Phase, Step
from schemaparity.source import catalog_from_sql
from schemaparity.verify import VerifyFailed, verify

_COUNTER = itertools.count()
A = """create table t (id int primary key, code int, name text);
create table other (id int primary key, v int);
"""
B = """create table t (id int primary key, code bigint, name text);
create table other (id int primary key, v int);
"""


def catalogs(server, a: str, b: str):  # type: ignore[no-untyped-def]
    out = []
    for text in (a, b):
        path = Path(tempfile.gettempdir()) / f"sp-verify-observe-{next(_COUNTER)}.sql"
        path.write_text(text)
        out.append(catalog_from_sql(path, server, DumpOptions()))
    return out


def the_type_change(plan):  # type: ignore[no-untyped-def]
    return next(s for s in plan.steps if s.id == "2.column.type:public.t.code")


def test_each_step_is_observed_and_a_truthful_plan_passes(pg18) -> None:
    a, b = catalogs(pg18, A, B)
    plan = build(a, b, PlanOptions())
    result = verify(pg18, plan, a, b, seed_rows=30)
    assert result.ok
    assert result.observed is not None
    seen = {s.step: s for s in result.observed.steps}
    step = seen[the_type_change(plan).id]
    assert step.lock == "ACCESS EXCLUSIVE" and step.lock_on == "public.t"
    assert step.rewrites == ["public.t"]
    assert step.rows_read >= 30 and step.seconds > 0  # the rewrite reads every row
    assert {r.table: r.kept for r in result.rows} == {"table:public.t": 30,
                                                      "table:public.other": 30}


def test_a_step_declaring_a_weaker_lock_is_caught(pg18) -> None:
    a, b = catalogs(pg18, A, B)
    plan = build(a, b, PlanOptions())
    step = the_type_change(plan)
    lying = replace(plan, steps=tuple(replace(s, lock="SHARE UPDATE EXCLUSIVE") if s is step
                                      else s for s in plan.steps))
    with pytest.raises(VerifyFailed, match=rf"step {step.id} declares lock SHARE UPDATE "
                                           r"EXCLUSIVE but took ACCESS EXCLUSIVE on public\.t"):
        verify(pg18, lying, a, b)


@pytest.mark.parametrize("label", [NO_LOCK, None], ids=["none", "undeclared"])
def test_a_step_declaring_no_lock_that_takes_one_is_caught(pg18, label: str | None) -> None:
    """A lock label missing from a template (or ``none`` where one is taken) is no longer
    only reported: it fails verify, naming the step, what it declares and what it took."""
    a, b = catalogs(pg18, A, B)
    plan = build(a, b, PlanOptions())
    step = the_type_change(plan)
    lying = replace(plan, steps=tuple(replace(s, lock=label) if s is step else s
                                      for s in plan.steps))
    declares = "lock none" if label else "no lock"
    with pytest.raises(VerifyFailed, match=rf"step {step.id} declares {declares} but took "
                                           r"ACCESS EXCLUSIVE on public\.t"):
        verify(pg18, lying, a, b)


def test_every_step_of_a_plan_declares_its_lock(pg18) -> None:
    a, b = catalogs(pg18, A + "create type gone as enum ('x');\n",
                    B + "create view v as select id from public.t;\ncreate schema more;\n")
    plan = build(a, b, PlanOptions())
    assert {s.id: s.lock for s in plan.steps if s.lock is None} == {}
    assert {s.id: s.lock for s in plan.steps if s.id.startswith(("6.enum", "1.schema"))} == {
        "6.enum.drop:public.gone": NO_LOCK, "1.schema.create:more": NO_LOCK}
    result = verify(pg18, plan, a, b)
    assert result.ok


def test_a_rewrite_without_its_hazard_is_caught(pg18) -> None:
    a, b = catalogs(pg18, A, B)
    plan = build(a, b, PlanOptions())
    step = the_type_change(plan)
    assert any(h.hazard == Hazard.TABLE_REWRITE for h in step.hazards)
    quiet = replace(step, hazards=tuple(h for h in step.hazards
                                        if h.hazard != Hazard.TABLE_REWRITE))
    lying = replace(plan, steps=tuple(quiet if s is step else s for s in plan.steps))
    with pytest.raises(VerifyFailed, match=rf"step {step.id} rewrote public\.t but does not "
                                           "declare the table_rewrite hazard"):
        verify(pg18, lying, a, b)


def with_extra_step(plan, sql: str):  # type: ignore[no-untyped-def]
    extra = Step("5.data.meddle:public.t", Phase.DEPENDENT, "table:public.t", sql,
                 lock="ROW EXCLUSIVE")
    return replace(plan, steps=(*plan.steps, extra))


def test_a_plan_that_deletes_a_row_is_caught(pg18) -> None:
    a, b = catalogs(pg18, A, B)
    plan = with_extra_step(build(a, b, PlanOptions()), "DELETE FROM public.t WHERE id = 7;")
    with pytest.raises(VerifyFailed, match=r"table:public\.t: 1 of 10 rows lost"):
        verify(pg18, plan, a, b, seed_rows=10)


def test_a_plan_that_changes_a_kept_value_is_caught(pg18) -> None:
    a, b = catalogs(pg18, A, B)
    plan = with_extra_step(build(a, b, PlanOptions()),
                           "UPDATE public.t SET name = 'changed' WHERE id = 4;")
    with pytest.raises(VerifyFailed, match=r"table:public\.t: 1 of 10 rows have a kept "
                                           "column changed"):
        verify(pg18, plan, a, b, seed_rows=10)


def test_a_table_without_a_primary_key_is_accounted_by_row_hash(pg18) -> None:
    a, b = catalogs(pg18, "create table log (at int, what text);\n",
                    "create table log (at int, what text, extra int);\n")
    plan = with_extra_step(build(a, b, PlanOptions()),
                           "UPDATE public.log SET what = 'x' WHERE at = 3;")
    with pytest.raises(VerifyFailed, match=r"table:public\.log: 1 of 10 rows lost"):
        verify(pg18, plan, a, b, seed_rows=10)
    result = verify(pg18, build(a, b, PlanOptions()), a, b, seed_rows=10)
    assert [(r.table, r.by, r.kept) for r in result.rows] == [("table:public.log", "row hash",
                                                               10)]


def test_a_hand_written_migration_is_observed_statement_by_statement(pg18) -> None:
    a, b = catalogs(pg18, A, B)
    text = ("-- a migration an ORM wrote\n"
            "ALTER TABLE t ALTER COLUMN code TYPE bigint;\n"
            "CREATE INDEX CONCURRENTLY t_name ON t (name);\n"
            "DROP INDEX CONCURRENTLY t_name;\n")
    result = verify(pg18, text, a, b, seed_rows=5)
    assert result.ok
    assert result.observed is not None
    steps = result.observed.steps
    assert [s.step for s in steps] == ["statement 1 (line 2)", "statement 2 (line 3)",
                                      "statement 3 (line 4)"]
    assert steps[0].lock == "ACCESS EXCLUSIVE" and steps[0].rewrites == ["public.t"]
    assert steps[1].monitored and not steps[1].rewrites
    # the build waited for the monitor's snapshot, so its lock was read for certain
    assert steps[1].waited and steps[1].lock == "SHARE UPDATE EXCLUSIVE"
    assert steps[1].lock_on == "public.t"
