"""Catalog lookups shared by the lint rules and by ``stats``: which index keys are columns,
which indexes can serve a foreign key, the tables rules look at, tenant columns, and the small
formatters findings use for names and column lists."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from schemaparity import model as m
from schemaparity.lint.engine import Settings
from schemaparity.sqltext import quote_ident

_COLUMN_KEY = re.compile(r'^(?P<col>"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)(?:\s.*)?$')
_IDENT = r'"(?:[^"]|"")+"|[A-Za-z_][\w$]*'
TYPE_REF = re.compile(rf"(?P<s>{_IDENT})\.(?P<n>{_IDENT})")


def unquote(ident: str) -> str:
    return ident[1:-1].replace('""', '"') if ident.startswith('"') else ident


def key_column(key: str) -> str | None:
    """The column an index key names (``"tenantId" DESC`` -> ``tenantId``); None for an
    expression. PostgreSQL prints non-call expressions in parentheses, so a key that starts
    with a bare or quoted identifier followed by nothing or a space is a column."""
    match = _COLUMN_KEY.match(key)
    return unquote(match.group("col")) if match else None


def leading_columns(ix: m.Index, n: int) -> tuple[str, ...] | None:
    """The first ``n`` key columns of an index, or None when one of them is an expression."""
    if len(ix.keys) < n:
        return None
    cols = tuple(key_column(k) for k in ix.keys[:n])
    return None if None in cols else cols  # type: ignore[return-value]


def supports(ix: m.Index, columns: tuple[str, ...]) -> bool:
    """Can ``ix`` serve lookups on ``columns`` (a foreign key's)? Its leading key columns must
    be exactly those columns (in any order); it must be complete (not partial) and a btree
    (or a hash index on a single column)."""
    if ix.predicate is not None or not columns:
        return False
    if ix.method != "btree" and not (ix.method == "hash" and len(columns) == 1):
        return False
    lead = leading_columns(ix, len(columns))
    return lead is not None and set(lead) == set(columns)


def foreign_keys(cat: m.Catalog) -> list[m.Constraint]:
    return [c for c in cat.constraints.values() if c.type == "foreign key"
            and not _is_partition(cat, c.schema, c.table)]


def indexes_by_table(cat: m.Catalog) -> dict[tuple[str, str], list[m.Index]]:
    out: dict[tuple[str, str], list[m.Index]] = {}
    for ix in cat.indexes.values():
        out.setdefault((ix.schema, ix.table), []).append(ix)
    return out


def _is_partition(cat: m.Catalog, schema: str, table: str) -> bool:
    t = cat.tables.get(f"table:{schema}.{table}")
    return t is not None and t.partition_of is not None


def tables(cat: m.Catalog) -> Iterator[m.Table]:
    """Tables that rules look at: partitions follow their parent and are left out."""
    return (t for t in cat.tables.values() if t.partition_of is None)


def qname(*parts: str) -> str:
    return ".".join(parts)


def sql_cols(cols: Iterable[str]) -> str:
    """Columns for SQL in a hint: always quoted."""
    return "(" + ", ".join(quote_ident(c) for c in cols) + ")"


def plain_cols(cols: Iterable[str]) -> str:
    """Columns for a message: as written."""
    return "(" + ", ".join(cols) + ")"


def tenant_column(t: m.Table, s: Settings) -> str | None:
    """The first configured tenant column the table has; None when it is not tenant-scoped."""
    names = {c.name for c in t.columns}
    return next((c for c in s.tenant_columns if c in names), None)


def unique_keys(ixs: list[m.Index]) -> list[tuple[tuple[str, ...] | None, m.Index]]:
    """(columns, or None when a key is an expression; index) of every complete unique index."""
    return [(leading_columns(ix, len(ix.keys)), ix) for ix in ixs
            if ix.unique and ix.predicate is None]


def tenant_tables(cat: m.Catalog, s: Settings) -> Iterator[tuple[m.Table, str]]:
    for t in tables(cat):
        col = tenant_column(t, s)
        if col is not None:
            yield t, col
