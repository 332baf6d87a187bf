"""Views and materialized views: created after what they read, rebuilt when a table column
they read changes type or goes, dropped before it."""

from __future__ import annotations

from collections.abc import Iterable

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, split_column_key
from schemaparity.plan.ops.indexes import create_sql
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Phase, Step


def _view_body(v: m.View) -> str:
    body = v.definition.strip()
    return body if body.endswith(";") else body + ";"


def _what(v: m.View) -> str:
    return "MATERIALIZED VIEW" if v.materialized else "VIEW"


def add_view(bl: Builder, v: m.View) -> None:
    needs = [f"schema:{v.schema}", *bl.refs(v.definition)]
    bl.add(Phase.DEPENDENT, "view", "create", v.key, sql("view/create", v=v, body=_view_body(v)),
           provides=(v.key,), needs=tuple(k for k in needs if k != v.key))
    if v.comment is not None:
        bl.comment(_what(v), (v.schema, v.name), v.key, v.comment)
    for idx in bl.b.indexes.values():
        if idx.schema == v.schema and idx.table == v.name:
            bl.add(Phase.DEPENDENT, "index", "create", idx.key, create_sql(idx.definition),
                   provides=(idx.key,), needs=(v.key,))


def drop_view(bl: Builder, v: m.View, phase: Phase) -> Step:
    return bl.add(phase, "view", "drop", v.key, sql("view/drop", v=v), provides=(v.key,),
                  needs=tuple(k for k in bl.refs(v.definition) if k != v.key))


def _to_rebuild(bl: Builder, changes: list[Change]) -> set[str]:
    """Changed views, and those reading a table whose columns change type or go (closure)."""
    rebuild = {c.key for c in changes if c.op == "changed"
               and {x.path for x in c.details} - {"comment"}}
    touched = {f"table:{'.'.join(split_column_key(bl, c.key)[:2])}" for c in bl.d.changes
               if c.kind == "column" and (c.op == "removed" or (
                   c.op == "changed" and {x.path for x in c.details} & {"type", "collation"}))}
    grew = True
    while grew:
        grew = False
        for key, v in bl.a.views.items():
            if key in rebuild or key not in bl.b.views:
                continue
            if set(bl.refs(v.definition)) & (touched | rebuild):
                rebuild.add(key)
                grew = True
    return rebuild


def views(bl: Builder, changes: Iterable[Change]) -> None:
    changes = list(changes)
    rebuild = _to_rebuild(bl, changes)
    for key in sorted(rebuild):
        drop_view(bl, bl.a.views[key], Phase.PREPARE)
        add_view(bl, bl.b.views[key])
    for c in changes:
        if c.op == "added":
            add_view(bl, bl.b.views[c.key])
        elif c.op == "removed":
            drop_view(bl, bl.a.views[c.key], Phase.CONTRACT)
        elif c.op == "changed" and c.key not in rebuild:
            v = bl.b.views[c.key]
            bl.comment(_what(v), (v.schema, v.name), v.key, v.comment)
