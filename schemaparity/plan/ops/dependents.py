"""What PostgreSQL refuses a change under, dropped before it and made again after.

A function dropped and made again (its arguments, result or kind change) cannot go while a
column default, a CHECK, an index, a trigger or a policy calls it; a column cannot change type
while a trigger or a policy reads it. Those readers are found by the edges the dump records
(``depends``) and, for functions in a dump written without them, by the qualified names in
their text. Each is dropped in the prepare phase, before the change, with a hazard saying what
happens in between, and made again from the target by its kind's own code (a reader the
target no longer has is only dropped). Views are rebuilt by :mod:`.views`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from schemaparity import model as m
from schemaparity.plan.ops.builder import Builder, H
from schemaparity.plan.ops.constraints import add_constraint, drop_constraint
from schemaparity.plan.ops.indexes import add_index, drop_index
from schemaparity.plan.ops.policies import add_policy
from schemaparity.plan.ops.triggers import add_trigger
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Hazard, HazardNote, Phase, Step

EARLY = Phase.PREPARE


def _reads(bl: Builder, obj: Any, keys: set[str], *texts: str | None) -> bool:
    """Whether ``obj`` (of the current schema) reads one of ``keys``: by its recorded edges,
    or by the names in ``texts`` when the dump recorded none."""
    depends = getattr(obj, m.DEPENDS, ())
    if depends:
        return not keys.isdisjoint(depends)
    return bool(texts) and not keys.isdisjoint(bl.refs(*texts))


def _early(bl: Builder, step: Step, note: HazardNote) -> Step:
    """``step`` (a drop) in the prepare phase, with ``note``; a drop its own handler planned
    for a later phase is moved."""
    i = bl.steps.index(step)
    moved = step
    if step.phase > EARLY:
        moved = replace(step, id=f"{EARLY.value}{step.id[1:]}", phase=EARLY)
        bl.step_ids.discard(step.id)
        bl.step_ids.add(moved.id)
    if note not in moved.hazards:
        moved = replace(moved, hazards=(*moved.hazards, note))
    bl.steps[i] = moved
    for k, s in bl.planned.items():
        if s is step:
            bl.planned[k] = moved
            break
    return moved


def _columns(bl: Builder, keys: set[str], why: str) -> list[Step]:
    """Column defaults calling one of ``keys``: dropped, set again after."""
    out: list[Step] = []
    for t in bl.a.tables.values():
        for col in t.columns:
            if col.default is None or not _reads(bl, col, keys, col.default):
                continue
            key = f"column:{t.schema}.{t.name}.{col.name}"
            step = bl.add(EARLY, "column", "drop_default", key,
                          sql("column/drop_default", t=t, c=col), lock="ACCESS EXCLUSIVE")
            out.append(_early(bl, step, H(Hazard.UNTRACKABLE_DEPENDENCY,
                                          f"{why}: rows inserted in between get no default")))
            tb = bl.b.tables.get(t.key)
            new = tb.column(col.name) if tb is not None else None
            if new is not None and new.default is not None:
                bl.add(Phase.CREATE, "column", "set_default", key,
                       sql("column/set_default", t=tb, c=new), needs=(key,),
                       lock="ACCESS EXCLUSIVE")
    return out


def _checks_and_indexes(bl: Builder, keys: set[str], why: str) -> list[Step]:
    out: list[Step] = []
    for con in bl.a.constraints.values():
        if con.type == "check" and _reads(bl, con, keys, con.definition):
            out.append(_early(bl, drop_constraint(bl, con, EARLY), H(
                Hazard.UNTRACKABLE_DEPENDENCY, f"{why}: rows written in between are not "
                                               "checked")))
            if con.key in bl.b.constraints:
                add_constraint(bl, bl.b.constraints[con.key])
    for idx in bl.a.indexes.values():
        if not idx.constraint and _reads(bl, idx, keys, idx.predicate, *idx.keys):
            out.append(_early(bl, drop_index(bl, idx, EARLY), H(
                Hazard.INDEX_DROP, f"{why}: queries that use it are slower in between")))
            if idx.key in bl.b.indexes:
                add_index(bl, bl.b.indexes[idx.key])
    return out


def _triggers_and_policies(bl: Builder, keys: set[str], why: str, by_name: bool
                           ) -> list[Step]:
    out: list[Step] = []
    for tr in bl.a.triggers.values():
        if _reads(bl, tr, keys, *((tr.when, tr.function + "()") if by_name else ())):
            step = bl.add(EARLY, "trigger", "drop", tr.key, sql("trigger/drop", tr=tr),
                          lock="ACCESS EXCLUSIVE")
            out.append(_early(bl, step, H(Hazard.UNTRACKABLE_DEPENDENCY,
                                          f"{why}: writes in between do not fire it")))
            if tr.key in bl.b.triggers:
                add_trigger(bl, bl.b.triggers[tr.key])
    for p in bl.a.policies.values():
        if _reads(bl, p, keys, *((p.using, p.with_check) if by_name else ())):
            step = bl.add(EARLY, "policy", "drop", p.key, sql("policy/drop", p=p),
                          lock="ACCESS EXCLUSIVE")
            out.append(_early(bl, step, H(Hazard.AUTHZ_CHANGE,
                                          f"{why}: the rows each role sees change in between")))
            if p.key in bl.b.policies:
                add_policy(bl, bl.b.policies[p.key])
    return out


def around_functions(bl: Builder, keys: Iterable[str]) -> tuple[str, ...]:
    """Drop the readers of the functions ``keys`` (dropped and made again) first, make them
    again after; the ids of the drops, for the functions' drops to wait for."""
    keys = set(keys)
    why = "dropped while the function it calls is made again"
    steps = [*_columns(bl, keys, why), *_checks_and_indexes(bl, keys, why),
             *_triggers_and_policies(bl, keys, why, by_name=True)]
    return tuple(s.id for s in steps)


def around_columns(bl: Builder, keys: Iterable[str]) -> tuple[str, ...]:
    """Drop the triggers and policies reading the columns ``keys`` (which change type) first,
    make them again after (as recorded: a dump without edges plans as before)."""
    why = "dropped while a column it reads changes type"
    return tuple(s.id for s in _triggers_and_policies(bl, set(keys), why, by_name=False))
