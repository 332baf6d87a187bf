"""Sequences: create, drop, alter their options, and who owns them. A sequence OWNED BY a
column that the plan drops (or whose table it drops or archives) goes with it: the server does
that, so it is not dropped again."""

from __future__ import annotations

from collections.abc import Iterable

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, split_column_key
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import NO_LOCK, Phase

OPTIONS = {"data_type", "start", "increment", "min_value", "max_value", "cache", "cycle"}


def sequences(bl: Builder, changes: Iterable[Change]) -> None:
    gone = {c.key for c in bl.d.changes if c.op == "removed" and c.kind in ("table", "column")}
    for c in changes:
        if c.op == "added":
            q = bl.b.sequences[c.key]
            bl.add(Phase.PREPARE, "sequence", "create", c.key, sql("sequence/create", q=q),
                   provides=(c.key,), needs=(f"schema:{q.schema}",), lock=NO_LOCK)
            if q.owned_by:
                _owned_by(bl, q)
            if q.comment is not None:
                bl.comment("SEQUENCE", (q.schema, q.name), c.key, q.comment)
        elif c.op == "removed":
            q = bl.a.sequences[c.key]
            if _goes_with_owner(bl, q, gone):
                continue
            bl.add(Phase.CONTRACT, "sequence", "drop", c.key, sql("sequence/drop", q=q),
                   provides=(c.key,), lock=NO_LOCK)
        elif c.op == "changed":
            q = bl.b.sequences[c.key]
            paths = {x.path for x in c.details}
            if paths & OPTIONS:
                bl.add(Phase.PREPARE, "sequence", "alter", c.key, sql("sequence/alter", q=q),
                       needs=(c.key,), lock=NO_LOCK)
            if "owned_by" in paths:
                _owned_by(bl, q)
            if "comment" in paths:
                bl.comment("SEQUENCE", (q.schema, q.name), c.key, q.comment)


def _owned_by(bl: Builder, q: m.Sequence) -> None:
    owner = q.owned_by.split(".") if q.owned_by else None
    needs = (f"table:{owner[0]}.{owner[1]}",) if owner else ()
    bl.add(Phase.DEPENDENT, "sequence", "owned_by", q.key,
           sql("sequence/owned_by", q=q, owner=owner), needs=(q.key, *needs),
           lock=bl.live(owner[0], owner[1], "ACCESS SHARE") if owner else NO_LOCK)


def _goes_with_owner(bl: Builder, q: m.Sequence, gone: set[str]) -> bool:
    """Whether ``q`` is owned by a column or table the plan drops (keys in ``gone``)."""
    if not q.owned_by:
        return False
    schema, table, _column = split_column_key(bl, f"column:{q.owned_by}")
    return f"table:{schema}.{table}" in gone or f"column:{q.owned_by}" in gone
