"""Triggers: created after their table (or view, for ``INSTEAD OF``) and function, their
enabled state, drop-then-add. A trigger whose relation the plan drops before the trigger step
would run goes with it: it is not dropped again."""

from __future__ import annotations

from collections.abc import Iterable

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, after
from schemaparity.plan.order import DROPS
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Phase, kind_and_action


def _comment(bl: Builder, tr: m.Trigger) -> None:
    bl.comment("TRIGGER", (tr.name,), tr.key, tr.comment, on=(tr.schema, tr.table))


def _relation(bl: Builder, tr: m.Trigger) -> str:
    view = f"view:{tr.schema}.{tr.table}"
    return view if view in bl.b.views else f"table:{tr.schema}.{tr.table}"


def _dropped_early(bl: Builder) -> set[str]:
    """Relations ("schema.name") the plan drops in or before the trigger phase."""
    return {s.key.split(":", 1)[1] for s in bl.steps
            if s.key.startswith(("table:", "view:")) and s.phase <= Phase.DEPENDENT
            and kind_and_action(s.id)[1] in DROPS}


def _lock(bl: Builder, tr: m.Trigger, mode: str) -> str:
    """The lock a trigger's CREATE or DROP takes on its live table (NO_LOCK: a new one)."""
    return bl.live(tr.schema, tr.table, mode)


def add_trigger(bl: Builder, tr: m.Trigger) -> None:
    needs = (_relation(bl, tr), *bl.refs(tr.function + "()"))
    step = bl.add(Phase.DEPENDENT, "trigger", "create", tr.key,
                  sql("trigger/create", definition=tr.definition, tr=tr), provides=(tr.key,),
                  needs=needs, lock=_lock(bl, tr, "SHARE ROW EXCLUSIVE"))
    if tr.enabled != "origin":
        bl.add(Phase.DEPENDENT, "trigger", "enable", tr.key, sql("trigger/enable", tr=tr),
               depends_on=(step.id,), lock=_lock(bl, tr, "SHARE ROW EXCLUSIVE"))
    if tr.comment is not None:
        _comment(bl, tr)


def triggers(bl: Builder, changes: Iterable[Change]) -> None:
    early: list[set[str]] = []  # made when a trigger is removed or changed (it walks the plan)

    def gone() -> set[str]:  # relations dropped early: their triggers went with them
        if not early:
            early.append(_dropped_early(bl))
        return early[0]

    for c in changes:
        if c.op == "added":
            add_trigger(bl, bl.b.triggers[c.key])
        elif c.op == "removed":
            tr = bl.a.triggers[c.key]
            if f"{tr.schema}.{tr.table}" in gone():
                continue
            bl.add(Phase.DEPENDENT, "trigger", "drop", c.key, sql("trigger/drop", tr=tr),
                   provides=(c.key,), lock=_lock(bl, tr, "ACCESS EXCLUSIVE"))
        elif c.op == "changed":
            old, new = bl.a.triggers[c.key], bl.b.triggers[c.key]
            paths = {x.path for x in c.details}
            if f"{old.schema}.{old.table}" in gone():  # made again with its view
                add_trigger(bl, new)
                continue
            if paths <= {"enabled", "comment"}:
                if "enabled" in paths:
                    bl.add(Phase.DEPENDENT, "trigger", "enable", c.key,
                           sql("trigger/enable", tr=new),
                           lock=_lock(bl, new, "SHARE ROW EXCLUSIVE"))
                if "comment" in paths:
                    _comment(bl, new)
                continue
            drop = bl.add(Phase.DEPENDENT, "trigger", "drop", c.key, sql("trigger/drop", tr=old),
                          lock=_lock(bl, old, "ACCESS EXCLUSIVE"))
            after(bl, drop, add_trigger, new)
