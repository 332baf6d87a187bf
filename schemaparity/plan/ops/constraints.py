"""Constraints: CHECK and foreign keys NOT VALID then VALIDATE, keys on an index built first
CONCURRENTLY, renames; a changed one is built beside the old one under a temporary name and
swapped in (drop the old, rename the new) in one short transaction, so the table is never
without it.

Expand before contract: a NOT VALID CHECK or foreign key goes in the backfill phase, before
the backfill (new rows are checked from then on), VALIDATE after it; one over a column the
backfill fills comes right after that backfill (before it, updates of unfilled rows would
fail)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import partial

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, H, after
from schemaparity.plan.ops.indexes import attached_by_repair, create_sql
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import NO_LOCK, Hazard, HazardNote, Phase, Step

KEYS = ("primary key", "unique")
# the lock ADD CONSTRAINT takes on its table (a foreign key: on the referenced table too)
_LOCKS = {"check": "ACCESS EXCLUSIVE", "foreign key": "SHARE ROW EXCLUSIVE"}


def _index_of(cat: m.Catalog, con: m.Constraint) -> m.Index | None:
    if not con.index:
        return None
    return cat.indexes.get(f"index:{con.schema}.{con.table}.{con.index}")


def _unique_indexes(bl: Builder, cat: m.Catalog, table: str) -> list[str]:
    """Keys of the unique indexes of ``table`` ("schema.name"): a foreign key may reference
    one that no constraint holds, and needs it (its creation waits, its drop goes first)."""
    return list(bl.unique_indexes(cat, table))


def _without_not_valid(definition: str) -> str:
    return re.sub(r"\s+NOT VALID$", "", definition)


def add_constraint(bl: Builder, con: m.Constraint, late: bool = False) -> None:
    """Plan adding ``con``; ``late``: never before the constrain phase (it follows a drop
    there)."""
    key = con.key
    t = bl.table_b(con.schema, con.table)
    new_table = bl.is_new(con.schema, con.table)
    needs = [f"table:{con.schema}.{con.table}",
             *(f"column:{con.schema}.{con.table}.{c}" for c in con.columns)]
    provides = [key]
    if con.type in KEYS:
        provides.append(f"keys:{con.schema}.{con.table}")
    if con.ref_table:
        needs += [f"table:{con.ref_table}", f"keys:{con.ref_table}",
                  *_unique_indexes(bl, bl.b, con.ref_table)]
    needs += bl.refs(con.definition)
    partitioned = t is not None and t.kind == "partitioned"
    idx = _index_of(bl.b, con) if con.type in KEYS else None
    if idx is not None and not new_table and not partitioned:
        _add_using_index(bl, con, idx, tuple(provides), tuple(needs))
    elif con.type in ("check", "foreign key") and not new_table:
        _add_not_valid(bl, con, tuple(provides), tuple(needs), late=late)
    elif new_table and con.ref_table and not bl.is_new(*con.ref_table.split(".", 1)):
        bl.add(Phase.CONSTRAIN, "constraint", "add", key,  # locks the live referenced table
               sql("constraint/add", k=con, definition=con.definition, not_valid=False),
               provides=tuple(provides), needs=tuple(needs), lock="SHARE ROW EXCLUSIVE")
    else:
        hazards: tuple[HazardNote, ...] = ()
        if not new_table:
            hazards = (H(Hazard.ACCESS_EXCLUSIVE_LOCK if con.type != "check" else
                         Hazard.SHARE_LOCK, "the table is locked while it is checked"),
                       H(Hazard.FULL_TABLE_SCAN, "every row is checked"))
            if con.type in (*KEYS, "exclude"):
                hazards += (H(Hazard.INDEX_BUILD, "the index is built under the lock"),)
        bl.add(Phase.CONSTRAIN, "constraint", "add", key,
               sql("constraint/add", k=con, definition=con.definition, not_valid=False),
               provides=tuple(provides), needs=tuple(needs), hazards=hazards,
               lock=NO_LOCK if new_table else _LOCKS.get(con.type, "ACCESS EXCLUSIVE"))
    _constraint_comment(bl, con)


def _add_using_index(bl: Builder, con: m.Constraint, idx: m.Index, provides: tuple[str, ...],
                     needs: tuple[str, ...]) -> None:
    """A key on a live table: its unique index built CONCURRENTLY, then attached."""
    build = bl.add(Phase.CONSTRAIN, "index", "create", idx.key,
                   create_sql(idx.definition, concurrently=True),
                   transactional=False, needs=needs, lock="SHARE UPDATE EXCLUSIVE",
                   hazards=(H(Hazard.INDEX_BUILD, "built CONCURRENTLY: no write lock, "
                                                  "but it reads the whole table"),))
    bl.add(Phase.CONSTRAIN, "constraint", "add", con.key,
           sql("constraint/add_using_index", k=con),
           depends_on=(build.id,), provides=provides, needs=needs,
           lock="ACCESS EXCLUSIVE")


def _early(bl: Builder, con: m.Constraint) -> bool:
    """Can ``con`` be added NOT VALID in the backfill phase: does nothing it needs come later
    (a key of the referenced table, a function or type the plan changes)?"""
    changed, prefixes = bl.changed()
    if any(k in changed for k in bl.refs(con.definition) if not k.startswith("table:")):
        return False  # a function or type the plan changes
    if not con.ref_table:
        return True
    if bl.is_new(*con.ref_table.split(".", 1)):
        return False
    return con.ref_table not in prefixes  # no constraint or index named under it changes


def _add_not_valid(bl: Builder, con: m.Constraint, provides: tuple[str, ...],
                   needs: tuple[str, ...], name: str | None = None, late: bool = False) -> Step:
    """A CHECK or foreign key on a live table: NOT VALID (under ``name`` when it is built
    beside the one it replaces), then VALIDATE if it was valid; returns the last step."""
    k = replace(con, name=name) if name else con
    phase, table = Phase.CONSTRAIN, f"{con.schema}.{con.table}"
    if not late and _early(bl, con):
        phase = Phase.BACKFILL
        filled = [f"filled:column:{table}.{c}" for c in con.columns]
        if bl.provided.isdisjoint(filled):
            provides += (f"guarded:{table}",)  # before the backfills of its table
        needs += tuple(filled)
    add = bl.add(phase, "constraint", "add", con.key,
                 sql("constraint/add", k=k, definition=_without_not_valid(con.definition),
                     not_valid=True),
                 provides=provides, needs=needs,
                 hazards=(H(Hazard.ACCESS_EXCLUSIVE_LOCK if con.type == "check" else
                            Hazard.SHARE_LOCK, "NOT VALID: only a brief lock; rows written "
                                               "from now on are checked, existing rows not "
                                               "yet"),),
                 lock=_LOCKS[con.type])
    if not con.validated:
        return add
    return bl.add(Phase.CONSTRAIN, "constraint", "validate", con.key,
                  sql("constraint/validate", k=k), depends_on=(add.id,),
                  hazards=(H(Hazard.FULL_TABLE_SCAN, "VALIDATE reads every row (SHARE UPDATE "
                                                     "EXCLUSIVE: writes go on)"),),
                  lock="SHARE UPDATE EXCLUSIVE")


def _constraint_comment(bl: Builder, con: m.Constraint) -> None:
    if con.comment is not None:
        bl.comment("CONSTRAINT", (con.name,), con.key, con.comment, on=(con.schema, con.table))


def drop_constraint(bl: Builder, con: m.Constraint, phase: Phase = Phase.CONTRACT) -> Step:
    needs = [f"column:{con.schema}.{con.table}.{c}" for c in con.columns]
    if con.ref_table:
        needs.append(f"table:{con.ref_table}")
        needs.append(f"keys:{con.ref_table}")
        needs += _unique_indexes(bl, bl.a, con.ref_table)
    provides = [con.key]
    if con.type in KEYS:
        provides.append(f"keys:{con.schema}.{con.table}")
    # its table dropped later in the plan: a run again after that finds no table
    gone = bl.table_b(con.schema, con.table) is None
    return bl.add(phase, "constraint", "drop", con.key, sql("constraint/drop", k=con, gone=gone),
                  provides=tuple(provides), needs=tuple(needs),
                  lock="ACCESS EXCLUSIVE")


def constraints(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            add_constraint(bl, bl.b.constraints[c.key])
        elif c.op == "removed":
            if not attached_by_repair(bl, bl.a.constraints[c.key]):
                drop_constraint(bl, bl.a.constraints[c.key])
        elif c.op == "renamed":
            con = bl.b.constraints[c.key]
            old = bl.a.constraints[c.old_key or ""]
            bl.add(Phase.CONSTRAIN, "constraint", "rename", c.key,
                   sql("constraint/rename", k=con, old=old.name), lock="ACCESS EXCLUSIVE")
            if con.comment != old.comment:
                _constraint_comment(bl, con)
        elif c.op == "changed":
            _changed(bl, c, bl.a.constraints[c.key], bl.b.constraints[c.key])


def _changed(bl: Builder, c: Change, old: m.Constraint, new: m.Constraint) -> None:
    paths = {x.path for x in c.details}
    if paths <= {"comment"}:
        bl.comment("CONSTRAINT", (new.name,), new.key, new.comment, on=(new.schema, new.table))
    elif paths <= {"validated", "definition"} and new.validated and not old.validated \
            and _without_not_valid(old.definition) == new.definition:
        bl.add(Phase.CONSTRAIN, "constraint", "validate", c.key,
               sql("constraint/validate", k=new),
               hazards=(H(Hazard.FULL_TABLE_SCAN, "VALIDATE reads every row"),),
               lock="SHARE UPDATE EXCLUSIVE")
    elif old.type == new.type and new.type in ("check", "foreign key") and \
            _swappable(bl, old, new):
        _swap_check(bl, old, new)
    elif old.type == new.type and new.type in KEYS and _swappable(bl, old, new):
        _swap_key(bl, old, new)
    else:
        drop = drop_constraint(bl, old, Phase.CONSTRAIN)
        after(bl, drop, partial(add_constraint, late=True), new)


def fk_cycle_constraints(bl: Builder) -> set[str]:
    """Keys of the foreign keys of dropped tables that lie on a cycle of references between
    dropped tables (``a`` references ``b`` and ``b`` references ``a``, or longer): no order of
    the table drops suits them, so they are dropped first, each in its own step."""
    gone = {c.key for c in bl.d.changes if c.kind == "table" and c.op == "removed"}
    edges: dict[str, list[tuple[str, str]]] = {}  # table key -> [(referenced table, FK key)]
    for key in sorted(gone):
        t = bl.a.tables[key]
        for con in bl.on_table(bl.a, "constraints", t.schema, t.name):
            ref = f"table:{con.ref_table}" if con.ref_table else ""
            if ref in gone and ref != key:
                edges.setdefault(key, []).append((ref, con.key))
    component = _components(sorted(gone), {k: [r for r, _ in v] for k, v in edges.items()})
    return {con for key, refs in edges.items() for ref, con in refs
            if component[ref] == component[key]}


def _components(nodes: list[str], succ: dict[str, list[str]]) -> dict[str, int]:
    """Strongly connected components (Tarjan's, without recursion): node -> component."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    comp: dict[str, int] = {}
    stack: list[str] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
            nexts = succ.get(node, [])
            if i < len(nexts):
                work.append((node, i + 1))
                nxt = nexts[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt not in comp:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                while True:
                    top = stack.pop()
                    comp[top] = index[node]
                    if top == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return comp


def temp_name(name: str) -> str:
    """The name a replacement is built under beside the object it replaces."""
    return f"{name[:52]}_sp_swap"


def _swappable(bl: Builder, old: m.Constraint, new: m.Constraint) -> bool:
    """Can ``new`` be built beside ``old`` and swapped in: a live table, a name that stays;
    a key: on a plain table (not partitioned), its index known, no foreign key of either side
    hanging on it; a foreign key: its referenced keys do not change."""
    t = bl.table_b(new.schema, new.table)
    if t is None or bl.is_new(new.schema, new.table) or old.name != new.name:
        return False
    table = f"{new.schema}.{new.table}"
    if new.type in KEYS:
        return t.kind != "partitioned" and _index_of(bl.b, new) is not None and not any(
            c.ref_table == table for cat in (bl.a, bl.b) for c in cat.constraints.values())
    return new.type == "check" or _early(bl, new)


def _swap_check(bl: Builder, old: m.Constraint, new: m.Constraint) -> None:
    """A changed CHECK or foreign key: the new one NOT VALID under a temporary name,
    validated, then the old one dropped and the new one renamed in one transaction."""
    tmp = temp_name(new.name)
    last = _add_not_valid(bl, new, (), (f"table:{new.schema}.{new.table}",), name=tmp)
    bl.add(Phase.CONSTRAIN, "constraint", "swap", new.key,
           sql("constraint/swap", k=new, old=old.name, tmp=tmp, using_index=False),
           depends_on=(last.id,), provides=(new.key,), lock="ACCESS EXCLUSIVE")


def _swap_key(bl: Builder, old: m.Constraint, new: m.Constraint) -> None:
    """A changed primary or unique key: its new index built CONCURRENTLY under a temporary
    name, then the old key dropped and the new one added USING INDEX in one transaction."""
    idx = _index_of(bl.b, new)
    assert idx is not None
    tmp = temp_name(idx.name)
    table = f"{new.schema}.{new.table}"
    build = bl.add(Phase.CONSTRAIN, "index", "create", idx.key,
                   create_sql(idx.definition, concurrently=True, name=tmp),
                   transactional=False, needs=(f"table:{table}",),
                   lock="SHARE UPDATE EXCLUSIVE",
                   hazards=(H(Hazard.INDEX_BUILD, "built CONCURRENTLY beside the old key: no "
                                                  "write lock, but it reads the whole table"),))
    bl.add(Phase.CONSTRAIN, "constraint", "swap", new.key,
           sql("constraint/swap", k=new, old=old.name, tmp=tmp, using_index=True),
           depends_on=(build.id,), provides=(new.key, f"keys:{table}"),
           lock="ACCESS EXCLUSIVE")
