"""Row-level security (SP6xx): enabled without policies, policies without it, tenant tables
without it."""

from __future__ import annotations

from collections.abc import Iterator

from schemaparity import model as m
from schemaparity.lint.engine import Finding, Settings, finding, rule
from schemaparity.lint.helpers import qname, tenant_tables
from schemaparity.sqltext import quote_ident


def _policies_by_table(cat: m.Catalog) -> dict[tuple[str, str], list[m.Policy]]:
    out: dict[tuple[str, str], list[m.Policy]] = {}
    for p in cat.policies.values():
        out.setdefault((p.schema, p.table), []).append(p)
    return out


@rule("SP601", "rls-without-policies", "warning",
      "row-level security enabled on a table with no policies (every row hidden)")
def _rls_no_policies(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    policies = _policies_by_table(cat)
    for t in cat.tables.values():
        if t.rls_enabled and not policies.get((t.schema, t.name)):
            yield finding(
                "SP601", t.key, f"{qname(t.schema, t.name)} has row-level security enabled "
                "but no policies: only the owner (and BYPASSRLS roles) see rows",
                f"CREATE POLICY ... ON {quote_ident(t.schema, t.name)} ...; or DISABLE ROW "
                "LEVEL SECURITY")


@rule("SP602", "policies-without-rls", "error",
      "policies on a table whose row-level security is disabled (they do nothing)")
def _policies_no_rls(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for (schema, table), ps in sorted(_policies_by_table(cat).items()):
        t = cat.tables.get(f"table:{schema}.{table}")
        if t is not None and not t.rls_enabled:
            yield finding(
                "SP602", t.key, f"{qname(schema, table)} has {len(ps)} "
                f"polic{'y' if len(ps) == 1 else 'ies'} ({', '.join(p.name for p in ps)}) but "
                "row-level security is disabled, so none applies",
                f"ALTER TABLE {quote_ident(schema, table)} ENABLE ROW LEVEL SECURITY;")


@rule("SP603", "tenant-table-without-rls", "error",
      "a tenant-scoped table without row-level security (only with require_rls)")
def _tenant_no_rls(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    if not s.require_rls:
        return
    for t, col in tenant_tables(cat, s):
        if not t.rls_enabled:
            yield finding(
                "SP603", t.key, f"{qname(t.schema, t.name)} is tenant-scoped ({col}) but "
                "row-level security is not enabled",
                f"ALTER TABLE {quote_ident(t.schema, t.name)} ENABLE ROW LEVEL SECURITY; "
                "then CREATE POLICY ... USING (" + quote_ident(col) + " = ...)")
