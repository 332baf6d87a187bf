"""Indexes: built CONCURRENTLY on live tables, dropped, renamed, rebuilt when they change.

Indexes that back a constraint come and go with the constraint; those of materialized views
with the view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, H, after
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Hazard, HazardNote, Phase, Step


def create_sql(definition: str, concurrently: bool = False) -> str:
    """The statement building an index from its server definition (``pg_get_indexdef``)."""
    for unique in (True, False):
        head = "CREATE UNIQUE INDEX " if unique else "CREATE INDEX "
        if definition.startswith(head):
            return sql("index/create", definition=definition, unique=unique,
                       concurrently=concurrently, rest=definition[len(head):])
    return sql("index/create", definition=definition, unique=False, concurrently=False,
               rest=None)


def index_columns(idx: m.Index) -> list[str]:
    """Column keys an index is built on: its plain (or quoted) key and INCLUDE columns."""
    out = []
    for k in (*idx.keys, *idx.include):
        if re.fullmatch(r'"(?:[^"]|"")+"', k):
            k = k[1:-1].replace('""', '"')
        elif not re.fullmatch(r"[a-z_][a-z0-9_$]*", k):
            continue  # an expression
        out.append(f"column:{idx.schema}.{idx.table}.{k}")
    return out


def add_index(bl: Builder, idx: m.Index) -> None:
    if idx.constraint:
        return  # built by its constraint
    t = bl.table_b(idx.schema, idx.table)
    new_table = bl.is_new(idx.schema, idx.table)
    partitioned = t is not None and t.kind == "partitioned"
    concurrently = not new_table and not partitioned
    hazards: tuple[HazardNote, ...] = ()
    if concurrently:
        hazards = (H(Hazard.INDEX_BUILD, "built CONCURRENTLY: no write lock, but it reads the "
                                         "whole table and takes longer"),)
    elif partitioned and not new_table:
        hazards = (H(Hazard.SHARE_LOCK, "indexes on partitioned tables cannot be built "
                                        "CONCURRENTLY: writes wait"),
                   H(Hazard.INDEX_BUILD, "every partition is indexed"))
    rel = f"table:{idx.schema}.{idx.table}"
    if rel not in bl.b.tables:
        rel = f"view:{idx.schema}.{idx.table}"
    cols = index_columns(idx)
    bl.add(Phase.CONSTRAIN, "index", "create", idx.key, create_sql(idx.definition, concurrently),
           transactional=not concurrently, provides=(idx.key,),
           needs=(rel, *cols, *bl.refs(idx.predicate, *idx.keys)), hazards=hazards)
    if idx.comment is not None:
        bl.comment("INDEX", (idx.schema, idx.name), idx.key, idx.comment)


def drop_index(bl: Builder, idx: m.Index, phase: Phase = Phase.CONTRACT) -> Step:
    t = bl.a.tables.get(f"table:{idx.schema}.{idx.table}")
    concurrently = t is not None and t.kind != "partitioned"
    cols = index_columns(idx)
    return bl.add(phase, "index", "drop", idx.key,
                  sql("index/drop", i=idx, concurrently=concurrently),
                  transactional=not concurrently, provides=(idx.key,), needs=tuple(cols),
                  hazards=(H(Hazard.INDEX_DROP, "queries that used it get slower"),))


def _of_view(bl: Builder, obj: m.Index | None) -> bool:
    if obj is None:
        return False
    view = f"view:{obj.schema}.{obj.table}"
    return view in bl.b.views or view in bl.a.views


def indexes(bl: Builder, changes: Iterable[Change]) -> None:
    con_changed = {(c.op, c.name) for c in bl.d.changes if c.kind == "constraint"}
    for c in changes:
        if _of_view(bl, bl.b.indexes.get(c.key) or bl.a.indexes.get(c.key)):
            continue  # indexes of materialized views come and go with the view
        if c.op == "added":
            add_index(bl, bl.b.indexes[c.key])
        elif c.op == "removed":
            idx = bl.a.indexes[c.key]
            if idx.constraint:
                continue  # goes with its constraint
            drop_index(bl, idx)
        elif c.op == "renamed":
            idx, old = bl.b.indexes[c.key], bl.a.indexes[c.old_key or ""]
            if idx.constraint and ("renamed", f"{idx.schema}.{idx.table}.{idx.constraint}") in \
                    con_changed:
                continue  # renaming the constraint renames its index
            bl.add(Phase.CONSTRAIN, "index", "rename", c.key,
                   sql("index/rename", i=idx, old=old.name))
        elif c.op == "changed":
            _changed(bl, c, bl.a.indexes[c.key], bl.b.indexes[c.key])


def _changed(bl: Builder, c: Change, old: m.Index, new: m.Index) -> None:
    paths = {x.path for x in c.details}
    if paths <= {"comment"}:
        bl.comment("INDEX", (new.schema, new.name), new.key, new.comment)
        return
    if new.constraint or old.constraint:
        return  # rebuilt with its constraint
    drop = drop_index(bl, old, Phase.CONSTRAIN)
    after(bl, drop, add_index, new)
