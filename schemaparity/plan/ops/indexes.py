"""Indexes: built CONCURRENTLY on live tables, dropped, renamed, rebuilt when they change.

Indexes that back a constraint come and go with the constraint; those of materialized views
with the view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, H, after
from schemaparity.plan.order import DROPS, UnsupportedChange
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import NO_LOCK, Hazard, HazardNote, Phase, Step, kind_and_action
from schemaparity.sqltext import quote_ident

# the start of a partitioned index's definition: its name, then ``ON ONLY``
_ON_ONLY = re.compile(r'^((?:"(?:[^"]|"")+"|[^\s"]+) ON )ONLY ')
_NAME = re.compile(r'^(?:"(?:[^"]|"")+"|[^\s"]+)(?= ON )')
_NAMES = re.compile(r'^("(?:[^"]|"")+"|[^\s"]+) ON (?:ONLY )?("(?:[^"]|"")+"|[^\s".]+)\.')


def create_sql(definition: str, concurrently: bool = False, cascade: bool = False,
               name: str | None = None) -> str:
    """The statement building an index from its server definition (``pg_get_indexdef``).

    With ``cascade`` (an index of a partitioned table) the server's ``ON ONLY`` is left out,
    so that PostgreSQL builds the index on every partition and attaches it: an index made
    ``ON ONLY`` the parent stays invalid until each partition's index is attached by hand.
    With ``name`` the index is built under that name (a replacement beside the old one).
    """
    for unique in (True, False):
        head = "CREATE UNIQUE INDEX " if unique else "CREATE INDEX "
        if definition.startswith(head):
            rest = definition[len(head):]
            if cascade:
                rest = _ON_ONLY.sub(r"\1", rest, count=1)
            regclass = _regclass(rest, name)
            if name is not None:
                rest = _NAME.sub("", rest, count=1)
            return sql("index/create", definition=definition, unique=unique,
                       concurrently=concurrently, rest=rest, name=name, regclass=regclass)
    return sql("index/create", definition=definition, unique=False, concurrently=False,
               rest=None)


def _regclass(rest: str, name: str | None = None) -> str:
    """``name ON [ONLY] schema.table ...`` -> ``schema.name``, quoted as the server wrote it
    (``name``: the index is built under this name instead, quoted)."""
    match = _NAMES.match(rest)
    if match is None:
        return rest.split(" ", 1)[0]
    return f"{match[2]}.{quote_ident(name) if name is not None else match[1]}"


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
    if not idx.valid or idx.unattached:
        raise UnsupportedChange(_invalid(idx, "the target"))
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
    bl.add(Phase.CONSTRAIN, "index", "create", idx.key,
           create_sql(idx.definition, concurrently, cascade=partitioned),
           transactional=not concurrently, provides=(idx.key,),
           needs=(rel, *cols, *bl.refs(idx.predicate, *idx.keys)), hazards=hazards,
           lock=NO_LOCK if new_table else "SHARE UPDATE EXCLUSIVE" if concurrently else "SHARE")
    if idx.comment is not None:
        bl.comment("INDEX", (idx.schema, idx.name), idx.key, idx.comment)


def _invalid(idx: m.Index, where: str) -> str:
    why = (f"partitions with no index attached to it: {', '.join(idx.unattached)}"
           if idx.unattached else "a failed CREATE INDEX CONCURRENTLY leaves one so")
    return (f"{idx.key} is invalid in {where} ({why}); a plan does not build an invalid "
            "index: repair it there first")


def _referrers_dropped(bl: Builder, idx: m.Index, phase: Phase) -> tuple[str, ...]:
    """The drops (by then) of foreign keys to the index's table, and of their tables: such a
    key may use the index, and the server refuses to drop it while the key stands."""
    keys = {k for c in bl.referencing(bl.a, f"{idx.schema}.{idx.table}")
            for k in (c.key, f"table:{c.schema}.{c.table}")}
    return tuple(s.id for s in bl.steps_at(keys) if s.phase <= phase
                 and kind_and_action(s.id)[1] in DROPS)


def _retyping(bl: Builder, idx: m.Index) -> list[int]:
    """Positions of the steps changing the type of a column of the index's table that the
    index reads (by name: in a key, an expression, INCLUDE or its predicate)."""
    prefix = f"column:{idx.schema}.{idx.table}."
    text = " ".join((*idx.keys, *idx.include, idx.predicate or ""))
    steps = ((i, bl.steps[i]) for i in bl.by_action.get(("column", "type"), ()))
    return [i for i, s in steps if s.key.startswith(prefix)
            and re.search(rf'(?<![\w$]){re.escape(s.key[len(prefix):])}(?![\w$])', text)]


def drop_index(bl: Builder, idx: m.Index, phase: Phase = Phase.CONTRACT,
               own: bool = False) -> Step:
    """``own``: a partition's index that a parent's index may adopt later in the plan: the
    drop checks it is still the partition's own (no CONCURRENTLY, which cannot be guarded)."""
    t = bl.a.tables.get(f"table:{idx.schema}.{idx.table}")
    concurrently = t is not None and t.kind != "partitioned" and not own
    cols = index_columns(idx)
    text = sql("index/drop_own", i=idx) if own else \
        sql("index/drop", i=idx, concurrently=concurrently)
    return bl.add(phase, "index", "drop", idx.key, text,
                  transactional=not concurrently, provides=(idx.key,), needs=tuple(cols),
                  lock="SHARE UPDATE EXCLUSIVE" if concurrently else "ACCESS EXCLUSIVE",
                  depends_on=_referrers_dropped(bl, idx, phase),
                  hazards=(H(Hazard.INDEX_DROP, "queries that used it get slower"),))


def _of_view(bl: Builder, obj: m.Index | None) -> bool:
    if obj is None:
        return False
    view = f"view:{obj.schema}.{obj.table}"
    return view in bl.b.views or view in bl.a.views


def indexes(bl: Builder, changes: Iterable[Change]) -> None:
    con_changed = {(c.op, c.name) for c in bl.d.changes if c.kind == "constraint"}
    # partitions without an index attached to a parent's: a rebuilt parent index adopts a
    # matching index of theirs, which then cannot be dropped
    reattached = {name for i in bl.a.indexes.values() for name in i.unattached}
    for c in changes:
        if _of_view(bl, bl.b.indexes.get(c.key) or bl.a.indexes.get(c.key)):
            continue  # indexes of materialized views come and go with the view
        if c.op == "added":
            add_index(bl, bl.b.indexes[c.key])
        elif c.op == "removed":
            idx = bl.a.indexes[c.key]
            if idx.constraint:
                continue  # goes with its constraint
            # a table becoming a partition: its own index goes before ATTACH PARTITION,
            # which builds (or adopts and then keeps) the partition's indexes
            attached = _attached(bl, idx) or f"{idx.schema}.{idx.table}" in reattached
            retyped = _retyping(bl, idx)
            phase = Phase.CREATE if attached or retyped else Phase.CONTRACT
            drop = drop_index(bl, idx, min([phase, *(bl.steps[i].phase for i in retyped)]),
                              own=attached)
            for i in retyped:  # the server rebuilds the index for the new type, or fails
                bl.steps[i] = replace(bl.steps[i], depends_on=(*bl.steps[i].depends_on, drop.id))
        elif c.op == "renamed":
            idx, old = bl.b.indexes[c.key], bl.a.indexes[c.old_key or ""]
            if idx.constraint and ("renamed", f"{idx.schema}.{idx.table}.{idx.constraint}") in \
                    con_changed:
                continue  # renaming the constraint renames its index
            bl.add(Phase.CONSTRAIN, "index", "rename", c.key,
                   sql("index/rename", i=idx, old=old.name), lock=NO_LOCK)  # the index only
        elif c.op == "changed":
            _changed(bl, c, bl.a.indexes[c.key], bl.b.indexes[c.key])


def _attached(bl: Builder, idx: m.Index) -> bool:
    """Does the table of ``idx`` become a partition (of another parent)?"""
    ta = bl.a.tables.get(f"table:{idx.schema}.{idx.table}")
    tb = bl.b.tables.get(f"table:{idx.schema}.{idx.table}")
    return ta is not None and tb is not None and tb.partition_of is not None and \
        ta.partition_of != tb.partition_of


def partition_key_name(table: str, index: str) -> str:
    """The name a partition's key gets when it is made to attach to its parent's index."""
    return f"{table}_{index}"[:63]


def attached_by_repair(bl: Builder, con: m.Constraint) -> bool:
    """Whether ``con`` (a partition's own key, not in the target) is the one an earlier run of
    the repair of its parent's invalid index made: the repair attaches it (it then belongs
    to the parent's key), so it is not dropped."""
    return any(con.name == partition_key_name(con.table, index)
               for index in bl.unattached_keys(f"{con.schema}.{con.table}"))


def _attach_missing(bl: Builder, old: m.Index) -> None:
    """The index of a constraint on a partitioned table, invalid because partitions hold no
    index attached to it: each topmost such partition gets the constraint, and its index is
    attached, as pg_dump does; the last ALTER INDEX ... ATTACH PARTITION makes the parent's
    index valid. (Any other invalid index is simply built again.)"""
    missing = set(old.unattached)
    con = bl.b.constraints.get(f"constraint:{old.schema}.{old.table}.{old.constraint}")
    for name in old.unattached:
        ta, tb = bl.a.tables.get(f"table:{name}"), bl.b.tables.get(f"table:{name}")
        if con is None or ta is None or tb is None or not ta.partition_of or \
                ta.partition_of != tb.partition_of or ta.partition_of in missing:
            continue  # a partition that comes or goes, or under one that gets its index
        child = partition_key_name(tb.name, old.name)
        build = bl.add(Phase.CONSTRAIN, "index", "create_on_partition", old.key,
                       sql("index/partition_constraint", t=tb, name=child,
                           definition=con.definition),
                       needs=(tb.key,), lock="ACCESS EXCLUSIVE",
                       hazards=(H(Hazard.ACCESS_EXCLUSIVE_LOCK, f"{name} is locked while its "
                                                                "key is built"),
                                H(Hazard.INDEX_BUILD, f"{name} is read whole")))
        bl.add(Phase.CONSTRAIN, "index", "attach", old.key,
               sql("index/attach", i=old, schema=tb.schema, child=child),
               depends_on=(build.id,), lock="ACCESS SHARE")  # on the parent and the partition


def _changed(bl: Builder, c: Change, old: m.Index, new: m.Index) -> None:
    paths = {x.path for x in c.details}
    if not new.valid or new.unattached:
        raise UnsupportedChange(_invalid(new, "the target"))
    if paths <= {"valid", "unattached", "comment"} and old.unattached and old.constraint:
        _attach_missing(bl, old)  # a constraint's index: no drop, its partitions get theirs
        paths -= {"valid", "unattached"}
    if paths <= {"comment"}:
        if paths:
            bl.comment("INDEX", (new.schema, new.name), new.key, new.comment)
        return
    if new.constraint or old.constraint:
        return  # rebuilt with its constraint
    if _swappable(bl, old, new):
        _swap(bl, old, new)
        return
    # also an invalid index: built again (on a partitioned table without ONLY, so that every
    # partition gets one, matching ones adopted)
    drop = drop_index(bl, old, Phase.CONSTRAIN)
    after(bl, drop, add_index, new)


def _swappable(bl: Builder, old: m.Index, new: m.Index) -> bool:
    """A unique index of a live plain table, no foreign key hanging on it, same name: built
    beside the old one and swapped in, so the key is never missing."""
    t = bl.table_b(new.schema, new.table)
    table = f"{new.schema}.{new.table}"
    return new.unique and old.unique and old.name == new.name and old.valid and \
        t is not None and t.kind != "partitioned" and not bl.is_new(new.schema, new.table) \
        and not any(c.ref_table == table for cat in (bl.a, bl.b)
                    for c in cat.constraints.values())


def _swap(bl: Builder, old: m.Index, new: m.Index) -> None:
    """The new unique index built CONCURRENTLY under a temporary name, then the old one
    dropped and the new one renamed in one short transaction."""
    tmp = f"{new.name[:52]}_sp_swap"
    cols = index_columns(new)
    build = bl.add(Phase.CONSTRAIN, "index", "create", new.key,
                   create_sql(new.definition, concurrently=True, name=tmp),
                   transactional=False, lock="SHARE UPDATE EXCLUSIVE",
                   needs=(f"table:{new.schema}.{new.table}", *cols,
                          *bl.refs(new.predicate, *new.keys)),
                   hazards=(H(Hazard.INDEX_BUILD, "built CONCURRENTLY beside the old one: no "
                                                  "write lock, but it reads the whole table"),))
    bl.add(Phase.CONSTRAIN, "index", "swap", new.key,
           sql("index/swap", i=new, tmp=tmp), depends_on=(build.id,), provides=(new.key,),
           lock="ACCESS EXCLUSIVE",
           hazards=(H(Hazard.INDEX_DROP, "the old one goes (a brief ACCESS EXCLUSIVE lock, "
                                         "no scan), the new one takes its name"),))
