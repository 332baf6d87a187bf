"""Membership tables (SP5xx): the member and scope columns, and their pair being unique."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from schemaparity import model as m
from schemaparity.lint.engine import Finding, Settings, finding, rule
from schemaparity.lint.helpers import (
    foreign_keys,
    indexes_by_table,
    qname,
    sql_cols,
    tables,
    tenant_column,
    unique_keys,
)
from schemaparity.sqltext import quote_ident


def _membership(t: m.Table, s: Settings) -> bool:
    return any(fnmatch.fnmatchcase(t.name, g) or fnmatch.fnmatchcase(qname(t.schema, t.name), g)
               for g in s.membership_tables)


def _scope_column(cat: m.Catalog, t: m.Table, member: str | None, s: Settings) -> str | None:
    """The scope a membership table grants: ``<prefix>_id`` / ``<prefix>Id`` for a table named
    ``<prefix>_members``, else the tenant column, else its only other single-column FK."""
    names = [c.name for c in t.columns]
    prefix = t.name.rsplit("_", 1)[0] if "_" in t.name else ""
    for cand in (f"{prefix}_id", f"{prefix}Id"):
        if prefix and cand in names and cand != member:
            return cand
    tenant = tenant_column(t, s)
    if tenant and tenant != member:
        return tenant
    fks = sorted({c.columns[0] for c in foreign_keys(cat) if (c.schema, c.table) ==
                  (t.schema, t.name) and len(c.columns) == 1 and c.columns[0] != member})
    return fks[0] if len(fks) == 1 else None


def _not_null(t: m.Table, name: str) -> bool:
    col = t.column(name)
    return col is not None and col.not_null


def _membership_tables(cat: m.Catalog,
                       s: Settings) -> Iterator[tuple[m.Table, str | None, str | None]]:
    for t in tables(cat):
        if _membership(t, s):
            member = next((c for c in s.member_columns if t.column(c)), None)
            yield t, member, _scope_column(cat, t, member, s)


@rule("SP501", "membership-column-nullable", "error",
      "a membership table whose member or scope column is missing or nullable")
def _membership_nullable(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for t, member, scope in _membership_tables(cat, s):
        problems = []
        if member is None:
            problems.append(f"no member column (looked for {', '.join(s.member_columns)})")
        if scope is None:
            problems.append("no scope column (<scope>_id, a tenant column or one other FK)")
        nullable = [c for c in (member, scope) if c and not _not_null(t, c)]
        if nullable:
            problems.append(", ".join(nullable) + (" is" if len(nullable) == 1 else " are")
                            + " nullable")
        if not problems:
            continue
        hint = ("backfill, then " + " ".join(
            f"ALTER TABLE {quote_ident(t.schema, t.name)} ALTER COLUMN {quote_ident(c)} "
            "SET NOT NULL;" for c in nullable) if nullable else
            "if the member column has another name, list it in member_columns "
            "([schemaparity.lint]) or pass --member-column")
        yield finding("SP501", t.key, f"membership table {qname(t.schema, t.name)}: "
                      + "; ".join(problems), hint)


@rule("SP502", "membership-pair-not-unique", "error",
      "a membership table without a unique (member, scope) pair")
def _membership_unique(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    ixs = indexes_by_table(cat)
    for t, member, scope in _membership_tables(cat, s):
        if member is None or scope is None:
            continue  # SP501 says so
        pair = {member, scope}
        if not any(cols and set(cols) == pair
                   for cols, _ in unique_keys(ixs.get((t.schema, t.name), []))):
            yield finding(
                "SP502", t.key, f"membership table {qname(t.schema, t.name)}: ({member}, "
                f"{scope}) is not unique, so a user can hold several memberships of one scope",
                f"ALTER TABLE {quote_ident(t.schema, t.name)} ADD UNIQUE "
                f"{sql_cols((member, scope))};")
