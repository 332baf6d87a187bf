"""Indexes (SP2xx): duplicated, made redundant by a longer one, or repeating the primary key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemaparity import model as m
from schemaparity.lint.engine import Finding, Settings, finding, rule
from schemaparity.lint.helpers import indexes_by_table, leading_columns
from schemaparity.sqltext import quote_ident


def _signature(ix: m.Index) -> tuple[Any, ...]:
    return (ix.method, ix.keys, ix.include, ix.predicate, ix.unique, ix.nulls_not_distinct)


def _drop_index_hint(ix: m.Index) -> str:
    if ix.constraint:
        return (f"ALTER TABLE {quote_ident(ix.schema, ix.table)} DROP CONSTRAINT "
                f"{quote_ident(ix.constraint)};")
    return f"DROP INDEX {quote_ident(ix.schema, ix.name)};"


@rule("SP201", "index-duplicate", "warning", "two indexes with the same definition")
def _index_duplicate(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for ixs in indexes_by_table(cat).values():
        groups: dict[tuple[Any, ...], list[m.Index]] = {}
        for ix in ixs:
            if not ix.primary:
                groups.setdefault(_signature(ix), []).append(ix)
        for group in groups.values():
            # keep a constraint's index before a bare one, then the first by name
            group.sort(key=lambda i: (i.constraint is None, i.name))
            for ix in group[1:]:
                yield finding("SP201", ix.key,
                              f"{ix.name} has the same definition as {group[0].name}",
                              _drop_index_hint(ix))


def _covers(a: m.Index, b: m.Index) -> bool:
    """Does btree ``b`` make non-unique btree ``a`` redundant (``a``'s keys a prefix of ``b``'s,
    same predicate, ``a``'s INCLUDE columns among ``b``'s columns)?"""
    return (a is not b and a.method == b.method == "btree" and not a.unique
            and a.constraint is None and a.predicate == b.predicate
            and b.keys[:len(a.keys)] == a.keys and set(a.include) <= set(b.keys + b.include)
            and _signature(a) != _signature(b))


@rule("SP202", "index-redundant", "warning",
      "a btree index whose keys are a prefix of another btree index on the same table")
def _index_redundant(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for ixs in indexes_by_table(cat).values():
        for a in ixs:
            covering = sorted((b for b in ixs if _covers(a, b)),
                              key=lambda b: (len(b.keys), b.name))
            if covering:
                b = covering[0]
                yield finding(
                    "SP202", a.key,
                    f"{a.name} {_keys(a)} is a prefix of {b.name} {_keys(b)}, which serves "
                    "the same lookups",
                    _drop_index_hint(a))


def _keys(ix: m.Index) -> str:
    return "(" + ", ".join(ix.keys) + ")"


@rule("SP203", "unique-duplicates-primary-key", "warning",
      "a unique index or constraint on exactly the primary key's columns")
def _unique_dup_pk(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for ixs in indexes_by_table(cat).values():
        pks = [ix for ix in ixs if ix.primary]
        if not pks:
            continue
        pk_cols = set(leading_columns(pks[0], len(pks[0].keys)) or ())
        for ix in ixs:
            cols = leading_columns(ix, len(ix.keys))
            if (ix.unique and not ix.primary and ix.predicate is None and cols
                    and set(cols) == pk_cols):
                yield finding("SP203", ix.key,
                              f"{ix.name} {_keys(ix)} duplicates the primary key {pks[0].name}",
                              _drop_index_hint(ix))
