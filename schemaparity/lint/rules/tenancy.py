"""Tenancy (SP4xx): tenant columns that are nullable or unindexed, unique keys that leave the
tenant out."""

from __future__ import annotations

from collections.abc import Iterator

from schemaparity import model as m
from schemaparity.lint.engine import Finding, Settings, finding, rule
from schemaparity.lint.helpers import (
    indexes_by_table,
    leading_columns,
    plain_cols,
    qname,
    tenant_tables,
    unique_keys,
)
from schemaparity.sqltext import quote_ident


@rule("SP401", "tenant-column-nullable", "warning",
      "a tenant-scoped table whose tenant column is nullable")
def _tenant_nullable(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for t, col in tenant_tables(cat, s):
        column = t.column(col)
        if column is not None and not column.not_null:
            yield finding(
                "SP401", t.key, f"{qname(t.schema, t.name)}.{col} is nullable: rows can belong "
                "to no tenant",
                f"backfill, then ALTER TABLE {quote_ident(t.schema, t.name)} ALTER COLUMN "
                f"{quote_ident(col)} SET NOT NULL;")


@rule("SP402", "tenant-column-unindexed", "warning",
      "a tenant-scoped table with no index leading with the tenant column")
def _tenant_unindexed(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    ixs = indexes_by_table(cat)
    for t, col in tenant_tables(cat, s):
        if not any(ix.predicate is None and leading_columns(ix, 1) == (col,)
                   for ix in ixs.get((t.schema, t.name), [])):
            yield finding(
                "SP402", t.key, f"{qname(t.schema, t.name)}: no index leads with {col}; "
                "per-tenant queries scan the table",
                f"CREATE INDEX ON {quote_ident(t.schema, t.name)} ({quote_ident(col)});")


@rule("SP403", "unique-key-without-tenant", "info",
      "a unique key of a tenant-scoped table that leaves out the tenant column")
def _unique_without_tenant(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    ixs = indexes_by_table(cat)
    for t, col in tenant_tables(cat, s):
        uniques = unique_keys(ixs.get((t.schema, t.name), []))
        pk = next((set(c) for c, ix in uniques if ix.primary and c), None)
        for cols, ix in uniques:
            if ix.primary or cols is None or col in cols or (pk and pk <= set(cols)):
                continue  # the primary key is a surrogate; a superset of it adds nothing
            yield finding(
                "SP403", ix.key, f"{qname(t.schema, t.name)} {plain_cols(cols)} is unique "
                f"across all tenants (no {col})",
                f"if it is meant per tenant, make it UNIQUE ({quote_ident(col)}, "
                + ", ".join(quote_ident(c) for c in cols) + "); if global on purpose, allow it")
