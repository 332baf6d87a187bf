"""Triggers: created after their table and function, their enabled state, drop-then-add."""

from __future__ import annotations

from collections.abc import Iterable

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, after
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Phase


def _comment(bl: Builder, tr: m.Trigger) -> None:
    bl.comment("TRIGGER", (tr.name,), tr.key, tr.comment, on=(tr.schema, tr.table))


def add_trigger(bl: Builder, tr: m.Trigger) -> None:
    needs = (f"table:{tr.schema}.{tr.table}", *bl.refs(tr.function + "()"))
    step = bl.add(Phase.DEPENDENT, "trigger", "create", tr.key,
                  sql("trigger/create", definition=tr.definition), provides=(tr.key,),
                  needs=needs)
    if tr.enabled != "origin":
        bl.add(Phase.DEPENDENT, "trigger", "enable", tr.key, sql("trigger/enable", tr=tr),
               depends_on=(step.id,))
    if tr.comment is not None:
        _comment(bl, tr)


def triggers(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            add_trigger(bl, bl.b.triggers[c.key])
        elif c.op == "removed":
            tr = bl.a.triggers[c.key]
            bl.add(Phase.DEPENDENT, "trigger", "drop", c.key, sql("trigger/drop", tr=tr),
                   provides=(c.key,))
        elif c.op == "changed":
            old, new = bl.a.triggers[c.key], bl.b.triggers[c.key]
            paths = {x.path for x in c.details}
            if paths <= {"enabled", "comment"}:
                if "enabled" in paths:
                    bl.add(Phase.DEPENDENT, "trigger", "enable", c.key,
                           sql("trigger/enable", tr=new))
                if "comment" in paths:
                    _comment(bl, new)
                continue
            drop = bl.add(Phase.DEPENDENT, "trigger", "drop", c.key, sql("trigger/drop", tr=old))
            after(bl, drop, add_trigger, new)
