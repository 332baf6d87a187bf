"""Primary keys (SP3xx): tables without one."""

from __future__ import annotations

from collections.abc import Iterator

from schemaparity import model as m
from schemaparity.lint.engine import Finding, Settings, finding, rule
from schemaparity.lint.helpers import qname, tables
from schemaparity.sqltext import quote_ident


@rule("SP301", "table-without-primary-key", "warning", "a table without a primary key")
def _no_pk(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    with_pk = {(c.schema, c.table) for c in cat.constraints.values() if c.type == "primary key"}
    for t in tables(cat):
        if (t.schema, t.name) not in with_pk:
            yield finding("SP301", t.key, f"{qname(t.schema, t.name)} has no primary key",
                          f"ALTER TABLE {quote_ident(t.schema, t.name)} ADD PRIMARY KEY (...);")
