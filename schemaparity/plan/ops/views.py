"""Views and materialized views: created after what they read, rebuilt when a table column
they read changes type or goes, dropped before it.

A view rebuilt (or dropped) takes the views reading it along: they are dropped first, in
dependency order, and created again after it with their triggers. A relation that is a view
on one side and a table of the same name on the other is dropped before the new one is made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, split_column_key
from schemaparity.plan.ops.dependents import around_columns
from schemaparity.plan.ops.indexes import create_sql
from schemaparity.plan.ops.triggers import add_trigger
from schemaparity.plan.order import DROPS
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import NO_LOCK, Phase, Step, kind_and_action

RELATIONS = ("table", "view")


def _view_body(v: m.View) -> str:
    body = v.definition.strip()
    return body if body.endswith(";") else body + ";"


def _what(v: m.View) -> str:
    return "MATERIALIZED VIEW" if v.materialized else "VIEW"


def add_view(bl: Builder, v: m.View, after: tuple[str, ...] = ()) -> None:
    needs = [f"schema:{v.schema}", *bl.refs(v.definition)]
    bl.add(Phase.DEPENDENT, "view", "create", v.key, sql("view/create", v=v, body=_view_body(v)),
           provides=(v.key,), needs=tuple(k for k in needs if k != v.key), depends_on=after,
           lock="ACCESS SHARE")  # on the tables it reads
    if v.comment is not None:
        bl.comment(_what(v), (v.schema, v.name), v.key, v.comment)
    for idx in bl.b.indexes.values():
        if idx.schema == v.schema and idx.table == v.name:
            bl.add(Phase.DEPENDENT, "index", "create", idx.key, create_sql(idx.definition),
                   provides=(idx.key,), needs=(v.key,), lock=NO_LOCK)  # on a view just made


def _any_kind(keys: Iterable[str]) -> tuple[str, ...]:
    """Relation keys under both kinds: a name read may be a view on one side, a table on the
    other, and a drop must wait for whichever of them goes."""
    out: set[str] = set()
    for k in keys:
        kind, _, name = k.partition(":")
        if kind in RELATIONS:
            out.update(f"{r}:{name}" for r in RELATIONS)
        else:
            out.add(k)
    return tuple(sorted(out))


def drop_view(bl: Builder, v: m.View, phase: Phase) -> Step:
    replaced = f"table:{v.schema}.{v.name}" in bl.b.tables
    return bl.add(phase, "view", "drop", v.key, sql("view/drop", v=v, replaced=replaced),
                  provides=(v.key,),
                  needs=tuple(k for k in _any_kind(bl.refs(v.definition)) if k != v.key),
                  lock="ACCESS EXCLUSIVE")  # on the view itself (and no table)


def _replaced(bl: Builder) -> set[str]:
    """Names that are a view on one side and a table on the other."""
    names = {k.split(":", 1)[1] for k in (*bl.a.views, *bl.a.tables)}
    return {n for n in names if (f"view:{n}" in bl.a.views and f"table:{n}" in bl.b.tables)
            or (f"table:{n}" in bl.a.tables and f"view:{n}" in bl.b.views)}


def _to_rebuild(bl: Builder, changes: list[Change], replaced: set[str]) -> set[str]:
    """Changed views, and those reading a table whose columns change type or go, a relation
    that changes kind or a function made again (closure). Views only in a that read one of
    them, or a column changing type, are in it too: they cannot wait for the contract phase."""
    rebuild = {c.key for c in changes if c.op == "changed"
               and {x.path for x in c.details} - {"comment"}}
    columns = [c for c in bl.d.changes if c.kind == "column"]
    changing = {f"table:{'.'.join(split_column_key(bl, c.key)[:2])}" for c in columns
                if c.op == "changed" and {x.path for x in c.details} & {"type", "collation"}}
    changing |= {f"{r}:{n}" for n in replaced for r in RELATIONS}
    # functions dropped and made again (their signature changes) take their readers along
    changing |= {c.key for c in bl.d.changes if c.kind == "function" and c.op == "changed"
                 and {x.path for x in c.details} & {"result", "arguments", "kind"}}
    touched = changing | {f"table:{'.'.join(split_column_key(bl, c.key)[:2])}"
                         for c in columns if c.op == "removed"}
    grew = True
    while grew:
        grew = False
        for key, v in bl.a.views.items():
            if key in rebuild:
                continue
            # a view the plan drops reads a column dropped after it: the contract phase holds
            reads = {*_any_kind(bl.refs(v.definition)), *bl.recorded(bl.a, key)}
            if reads & ((touched if key in bl.b.views else changing) | rebuild):
                rebuild.add(key)
                grew = True
    return rebuild


def retyped(bl: Builder) -> list[str]:
    """The keys of the columns that go or change type (or collation)."""
    return [c.key for c in bl.d.changes if c.kind == "column" and (c.op == "removed" or (
        c.op == "changed" and {x.path for x in c.details} & {"type", "collation"}))]


def _hoist(bl: Builder, key: str, phase: Phase) -> list[str]:
    """Move the later drop of ``key`` (and the later drops that must precede it: foreign keys
    to it, tables inheriting it) into ``phase``; the ids of the moved drops."""
    moved: list[str] = []  # the ids of the moved drops of ``key`` itself
    keys = {key}
    grew = True
    while grew:
        grew = False
        for i, s in enumerate(bl.steps):
            if s.phase <= phase or kind_and_action(s.id)[1] not in DROPS:
                continue
            if s.key in keys or set(s.needs) & keys:
                new_id = f"{phase.value}{s.id[1:]}"
                bl.steps[i] = replace(s, id=new_id, phase=phase)
                keys.update(s.provides)
                if s.key == key:
                    moved.append(new_id)
                grew = True
    return moved


def _before_column_drops(bl: Builder, drop: Step, v: m.View) -> None:
    """The column drops of the tables a dropped view reads, in its phase, wait for it: the
    server refuses to drop a column a view reads."""
    read = {k.split(":", 1)[1] for k in bl.refs(v.definition)}
    for i, s in enumerate(bl.steps):
        if (s.phase == drop.phase and kind_and_action(s.id) == ("column", "drop")
                and ".".join(split_column_key(bl, s.key)[:2]) in read):
            bl.steps[i] = replace(s, depends_on=(*s.depends_on, drop.id))


def _recreate_triggers(bl: Builder, rebuilt: set[str]) -> None:
    """Triggers the server dropped with the rebuilt views, made again (changed or new ones
    are the trigger handler's)."""
    in_diff = {c.key for c in bl.d.changes if c.kind == "trigger"}
    for tr in bl.b.triggers.values():
        if f"view:{tr.schema}.{tr.table}" in rebuilt and tr.key not in in_diff:
            add_trigger(bl, tr)


def views(bl: Builder, changes: Iterable[Change]) -> None:
    changes = list(changes)
    replaced = _replaced(bl)
    rebuild = _to_rebuild(bl, changes, replaced)
    # triggers and policies reading a column that changes type go first, come back after
    around_columns(bl, [c.key for c in bl.d.changes if c.kind == "column" and c.op == "changed"
                        and {x.path for x in c.details} & {"type", "collation"}])
    for key in sorted(rebuild):
        drop_view(bl, bl.a.views[key], Phase.PREPARE)
        if key in bl.b.views:
            add_view(bl, bl.b.views[key])
    if rebuild:
        _recreate_triggers(bl, rebuild)
    for c in changes:
        name = c.key.split(":", 1)[1]
        if c.op == "added":
            # a table of that name goes first
            after = _hoist(bl, f"table:{name}", Phase.DEPENDENT) if name in replaced else []
            add_view(bl, bl.b.views[c.key], tuple(after))
        elif c.op == "removed" and c.key not in rebuild:
            # before a table of that name is created
            phase = Phase.PREPARE if name in replaced else Phase.CONTRACT
            _before_column_drops(bl, drop_view(bl, bl.a.views[c.key], phase), bl.a.views[c.key])
        elif c.op == "changed" and c.key not in rebuild:
            v = bl.b.views[c.key]
            bl.comment(_what(v), (v.schema, v.name), v.key, v.comment)
