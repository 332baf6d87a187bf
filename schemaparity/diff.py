"""Catalog x Catalog -> Diff: what was added, removed, changed or renamed, per kind.

A pure function, no database. Objects are matched by key; a matched pair that is not equal is
compared again with its SQL expressions in canonical form (so re-rendered but equal
expressions never show), and only then the top-level attributes that differ are named.
Constraints and indexes that differ only by name are reported as renamed, or not at all when
both names are ones PostgreSQL generates (``agents_slug_key`` vs ``agents_slug_key1``).
Columns are compared per table; a change of column order is its own low-severity change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from schemaparity import model as m
from schemaparity.apimodules import callable_module
from schemaparity.normalize import Normalized, Rules, canonical, normalize_pair

OPS = ("added", "removed", "changed", "renamed")
# Presentation order of kinds in a diff: the model's, with columns after tables.
KIND_ORDER = {k.name: i for i, k in enumerate(m.REGISTRY)}


@dataclass(frozen=True, slots=True)
class FieldChange:
    path: str
    left: Any
    right: Any


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    key: str  # the right-hand key (the left-hand one for removals)
    op: str  # added | removed | changed | renamed
    details: tuple[FieldChange, ...] = ()
    old_key: str | None = None  # for renames: the left-hand key
    severity: str = "normal"  # normal | low
    summary: str | None = None  # what an added or removed object is, in a few words

    @property
    def name(self) -> str:
        return self.key.split(":", 1)[1]

    @property
    def sort_key(self) -> tuple[int, str, str]:
        return change_order(self)


def change_order(change: Change, rank: Callable[[str, int], int] = KIND_ORDER.get
           ) -> tuple[int, str, str]:
    """A change's place in a diff: its kind's, then its key and op (the sort key of a diff
    of every table's 60,000 changes: one call each)."""
    return (rank(change.kind, 99), change.key, change.op)


@dataclass(frozen=True)
class Diff:
    left: str
    right: str
    changes: tuple[Change, ...] = field(default_factory=tuple)
    # the renames the rule maps made (op "renamed", old_key the left name): how the two
    # sides were matched, not differences, so reports and ``identical`` leave them out
    renames: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def identical(self) -> bool:
        return not self.changes

    def by_kind(self) -> dict[str, list[Change]]:
        out: dict[str, list[Change]] = {}
        for c in self.changes:
            out.setdefault(c.kind, []).append(c)
        return out


# ---------------------------------------------------------------- helpers


# ``depends`` (recorded dependencies) is planning data, never a difference by itself
_FIELDS = {cls: tuple(f.name for f in fields(cls) if f.name != m.DEPENDS)
           for cls in m.CLASSES.values()}


def _fields(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {f: m.plain(getattr(obj, f)) for f in _FIELDS[type(obj)] if f not in skip}


def _field_changes(a: Any, b: Any, skip: tuple[str, ...]) -> tuple[FieldChange, ...]:
    """Top-level attributes that differ (compared in canonical form, one attribute at a time:
    linear in the size of the objects); values from the raw objects. An attribute equal as
    it is is equal in canonical form too: only the others are made canonical."""
    names = tuple(f for f in _FIELDS[type(a)]
                  if f not in skip and getattr(a, f) != getattr(b, f))
    if not names:
        return ()
    ca, cb = canonical(a), canonical(b)
    paths = [p for p in names if m.plain(getattr(ca, p)) != m.plain(getattr(cb, p))]
    return tuple(FieldChange(p, m.plain(getattr(a, p)), m.plain(getattr(b, p)))
                 for p in sorted(paths))


_GENERATED = re.compile(r"_(pkey|key|fkey|check|excl|idx|not_null)\d*$")


def generated_name(name: str, table: str) -> bool:
    """Does ``name`` look like one PostgreSQL chose (``<table>_<cols>_<suffix>[N]``)?"""
    # PostgreSQL shortens the table part of long names to stay within 63 bytes, so only a
    # prefix of the table name is sure to be there
    return bool(_GENERATED.search(name)) and name.startswith(table[:min(len(table), 8)])


def _signature(obj: Any) -> tuple:
    """What a constraint or index is, without its name."""
    if isinstance(obj, m.Constraint):
        d = _fields(canonical(obj), ("name", "index", "comment"))
    else:
        d = _fields(canonical(obj), ("name", "constraint", "comment", "definition"))
        d["definition"] = re.sub(r'^CREATE (UNIQUE )?INDEX (?:"(?:[^"]|"")+"|\S+) ON',
                                 r"CREATE \1INDEX ON", obj.definition)
    return tuple(sorted((k, repr(v)) for k, v in d.items()))


def describe(obj: Any) -> str:
    """A few words saying what an object is, for reports of added and removed objects."""
    return obj.summary()


# ---------------------------------------------------------------- the differ


def diff(left: m.Catalog, right: m.Catalog, rules: Rules | None = None,
         left_name: str = "left", right_name: str = "right") -> Diff:
    """Compare two catalogs as they are, after normalizing both with ``rules`` (once)."""
    return compare(normalize_pair(left, right, rules), left_name, right_name)


def rule_renames(pair: Normalized) -> tuple[Change, ...]:
    """The rule renames of ``pair`` as ``renamed`` changes (schemas first, then tables)."""
    return tuple(Change(kind, f"{kind}:{new}", "renamed", (FieldChange("name", old, new),),
                        old_key=f"{kind}:{old}") for kind, old, new in pair.renames)


def compare(pair: Normalized, left_name: str = "left", right_name: str = "right") -> Diff:
    """Compare a normalized pair (see :func:`~schemaparity.normalize.normalize_pair`)."""
    a, b, rules = pair.left, pair.right, pair.rules
    changes: list[Change] = []
    for attr, cls in m.KINDS:
        ka, kb = getattr(a, attr), getattr(b, attr)
        kind = cls.KIND
        removed = [k for k in ka if k not in kb]
        added = [k for k in kb if k not in ka]
        if kind in ("constraint", "index"):
            removed, added, renames = _match_renames(ka, kb, removed, added)
            changes.extend(renames)
        changes.extend(Change(kind, k, "removed", summary=describe(ka[k])) for k in removed)
        changes.extend(Change(kind, k, "added", summary=describe(kb[k])) for k in added)
        skip = ("columns",) if kind == "table" else ()
        for key, oa in ka.items():
            ob = kb.get(key)
            if ob is None or oa is ob or oa == ob:  # a pair read shares equal objects
                continue
            details = _field_changes(oa, ob, skip)
            if details:
                changes.append(Change(kind, key, "changed", details))
            if kind == "table":
                changes.extend(_column_changes(oa, ob, rules))
    changes = _fold(changes, a, b)
    return Diff(left_name, right_name, tuple(sorted(changes, key=change_order)), rule_renames(pair))


def _fold(changes: list[Change], a: m.Catalog, b: m.Catalog) -> list[Change]:
    """Leave out what an added or removed table or constraint already says.

    The constraints, indexes, triggers, policies and version rows of a table that is added
    or removed come and go with it, and the index behind a PRIMARY KEY / UNIQUE / EXCLUDE
    constraint is added, removed, renamed or changed with it.
    """
    whole = {(c.op, c.name) for c in changes if c.kind == "table" and c.op in ("added", "removed")}
    cons = {(c.op, c.name) for c in changes if c.kind == "constraint"}
    shown_by_constraint = {"definition", "keys", "include", "method", "unique", "primary",
                           "nulls_not_distinct", "predicate", "constraint", "name"}
    out = []
    for c in changes:
        if c.kind == "index" and c.op in ("renamed", "changed"):
            obj = b.get(c.key)
            if (isinstance(obj, m.Index) and obj.constraint
                    and (c.op, f"{obj.schema}.{obj.table}.{obj.constraint}") in cons
                    and {d.path for d in c.details} <= shown_by_constraint):
                continue  # the index behind a renamed or changed key says nothing new
        if c.op in ("added", "removed"):
            side = b if c.op == "added" else a
            obj = side.get(c.key)
            parent = obj.SPEC.parent if obj is not None else None
            if parent is not None and (c.op, f"{obj.schema}.{getattr(obj, parent)}") in whole:
                continue  # comes and goes with its table
            if (isinstance(obj, m.Index) and obj.constraint
                    and (c.op, f"{obj.schema}.{obj.table}.{obj.constraint}") in cons):
                continue
        out.append(c)
    return out


def _match_renames(ka: dict[str, Any], kb: dict[str, Any], removed: list[str],
                   added: list[str]) -> tuple[list[str], list[str], list[Change]]:
    if not removed or not added:
        return removed, added, []
    pool: dict[tuple, list[str]] = {}
    for key in added:
        o = kb[key]
        pool.setdefault((o.schema, o.table, _signature(o)), []).append(key)
    renames, still_removed, matched = [], [], set()
    for key in removed:
        o = ka[key]
        candidates = pool.get((o.schema, o.table, _signature(o)))
        if not candidates:
            still_removed.append(key)
            continue
        new_key = candidates.pop(0)
        matched.add(new_key)
        new = kb[new_key]
        if generated_name(o.name, o.table) and generated_name(new.name, new.table):
            continue  # both names chosen by PostgreSQL: the same object
        details = (FieldChange("name", o.name, new.name),)
        if o.comment != new.comment:
            details += (FieldChange("comment", o.comment, new.comment),)
        renames.append(Change(o.KIND, new_key, "renamed", details, old_key=key))
    return still_removed, [k for k in added if k not in matched], renames


def _column_changes(ta: m.Table, tb: m.Table, rules: Rules) -> list[Change]:
    out: list[Change] = []
    cols_a = {c.name: c for c in ta.columns}
    cols_b = {c.name: c for c in tb.columns}
    prefix = f"column:{ta.schema}.{ta.name}."
    for name in cols_a:
        if name not in cols_b:
            out.append(Change("column", prefix + name, "removed", summary=describe(cols_a[name])))
    for name in cols_b:
        if name not in cols_a:
            out.append(Change("column", prefix + name, "added", summary=describe(cols_b[name])))
    for name, ca in cols_a.items():
        cb = cols_b.get(name)
        if cb is None:
            continue
        if ca is not cb and ca != cb and replace(ca, position=0) != replace(cb, position=0):
            details = _field_changes(ca, cb, ("position",))
            if details:
                out.append(Change("column", prefix + name, "changed", details))
    if rules.column_order != "ignore":
        order_a = tuple(n for n in cols_a if n in cols_b)
        order_b = tuple(n for n in cols_b if n in cols_a)
        if order_a != order_b:
            out.append(Change("column_order", f"column_order:{ta.schema}.{ta.name}", "changed",
                              (FieldChange("order", list(order_a), list(order_b)),),
                              severity="low"))
    return out


callable_module(__name__)  # schemaparity.diff(...) calls the API function
