"""Event triggers (database-wide, keyed by name): dropped first, in the first phase, so an
old one never fires on the plan's own DDL; created in the dependent phase after their
function; their enabled state altered in place; any other change is drop-then-create."""

from __future__ import annotations

from collections.abc import Iterable

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import NO_LOCK, Phase

IN_PLACE = {"enabled", "comment", "owner"}


def _function(bl: Builder, et: m.EventTrigger) -> tuple[str, str]:
    """The function's (schema, name), from the catalog when it is there (a name may hold a
    dot), else split at the first dot."""
    for cat in (bl.b, bl.a):
        for key in bl.functions_by_name.get(et.function, ()):
            f = cat.functions.get(key)
            if f is not None:
                return f.schema, f.name
    schema, _, name = et.function.partition(".")
    return schema, name


def add_event_trigger(bl: Builder, et: m.EventTrigger) -> None:
    step = bl.add(Phase.DEPENDENT, "event_trigger", "create", et.key,
                  sql("event_trigger/create", et=et, function=_function(bl, et)),
                  provides=(et.key,), needs=bl.refs(et.function + "()"), lock=NO_LOCK)
    if et.enabled != "origin":
        bl.add(Phase.DEPENDENT, "event_trigger", "enable", et.key,
               sql("event_trigger/enable", et=et), depends_on=(step.id,), lock=NO_LOCK)
    if et.comment is not None:
        bl.comment("EVENT TRIGGER", (et.name,), et.key, et.comment)


def drop_event_trigger(bl: Builder, et: m.EventTrigger) -> None:
    bl.add(Phase.PREPARE, "event_trigger", "drop", et.key,
           sql("event_trigger/drop", et=et), provides=(et.key,),
           needs=bl.refs(et.function + "()"), lock=NO_LOCK)


def event_triggers(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            add_event_trigger(bl, bl.b.event_triggers[c.key])
        elif c.op == "removed":
            drop_event_trigger(bl, bl.a.event_triggers[c.key])
        elif c.op == "changed":
            old, new = bl.a.event_triggers[c.key], bl.b.event_triggers[c.key]
            paths = {x.path for x in c.details}
            if paths <= IN_PLACE:
                if "enabled" in paths:
                    bl.add(Phase.DEPENDENT, "event_trigger", "enable", c.key,
                           sql("event_trigger/enable", et=new), lock=NO_LOCK)
                if "comment" in paths:
                    bl.comment("EVENT TRIGGER", (new.name,), new.key, new.comment)
                continue
            drop_event_trigger(bl, old)  # in an earlier phase than the creation
            add_event_trigger(bl, new)
