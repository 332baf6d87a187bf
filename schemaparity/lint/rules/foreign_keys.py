"""Foreign keys (SP1xx): unindexed, declared twice, or with conflicting actions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemaparity import model as m
from schemaparity.lint.engine import Finding, Settings, finding, rule
from schemaparity.lint.helpers import (
    foreign_keys,
    indexes_by_table,
    plain_cols,
    qname,
    sql_cols,
    supports,
)
from schemaparity.sqltext import quote_ident


@rule("SP101", "fk-without-index", "warning",
      "foreign key whose columns are not the leading columns of any index")
def _fk_without_index(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    ixs = indexes_by_table(cat)
    for fk in foreign_keys(cat):
        if not any(supports(ix, fk.columns) for ix in ixs.get((fk.schema, fk.table), [])):
            yield finding(
                "SP101", fk.key,
                f"{qname(fk.schema, fk.table)} {plain_cols(fk.columns)} -> {fk.ref_table}: "
                "no index leads with these columns, so deletes and key updates on the "
                "referenced table scan this one",
                f"CREATE INDEX ON {quote_ident(fk.schema, fk.table)} {sql_cols(fk.columns)};")


def _fk_groups(cat: m.Catalog) -> list[list[m.Constraint]]:
    groups: dict[tuple[Any, ...], list[m.Constraint]] = {}
    for fk in foreign_keys(cat):
        pairs = frozenset(zip(fk.columns, fk.ref_columns, strict=False))
        groups.setdefault((fk.schema, fk.table, pairs, fk.ref_table), []).append(fk)
    return [sorted(g, key=lambda c: c.name) for g in groups.values() if len(g) > 1]


def _differing_actions(group: list[m.Constraint]) -> str:
    """``a ON DELETE CASCADE vs b ON DELETE SET NULL``: only the actions that differ."""
    parts = []
    for what, attr in (("ON DELETE", "on_delete"), ("ON UPDATE", "on_update")):
        if len({getattr(c, attr) for c in group}) > 1:
            parts.append(" vs ".join(f"{c.name} {what} {(getattr(c, attr) or 'no action').upper()}"
                                     for c in group))
    return "; ".join(parts)


@rule("SP102", "fk-duplicate", "warning",
      "two foreign keys on the same columns to the same table, with the same actions")
def _fk_duplicate(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for group in _fk_groups(cat):
        if len({(c.on_delete, c.on_update) for c in group}) == 1:
            first, rest = group[0], group[1:]
            yield finding(
                "SP102", first.key,
                f"{qname(first.schema, first.table)} {plain_cols(first.columns)} -> "
                f"{first.ref_table} is declared {len(group)} times: "
                + ", ".join(c.name for c in group),
                " ".join(f"ALTER TABLE {quote_ident(c.schema, c.table)} DROP CONSTRAINT "
                          f"{quote_ident(c.name)};" for c in rest))


@rule("SP103", "fk-conflicting-actions", "error",
      "foreign keys on the same columns with different ON DELETE / ON UPDATE actions")
def _fk_conflict(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for group in _fk_groups(cat):
        if len({(c.on_delete, c.on_update) for c in group}) > 1:
            first = group[0]
            yield finding(
                "SP103", first.key,
                f"{qname(first.schema, first.table)} {plain_cols(first.columns)} -> "
                f"{first.ref_table} has {len(group)} foreign keys with conflicting actions: "
                + _differing_actions(group) + "; what a delete does depends on which runs first",
                "keep the foreign key with the intended action and drop the others: "
                f"ALTER TABLE {quote_ident(first.schema, first.table)} DROP CONSTRAINT ...;")
