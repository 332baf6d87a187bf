"""Unused objects (SP7xx): sequences no column owns, enums nothing uses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemaparity import model as m
from schemaparity.lint.engine import Finding, Settings, finding, rule
from schemaparity.lint.helpers import TYPE_REF, qname, unquote
from schemaparity.sqltext import quote_ident


@rule("SP701", "sequence-unowned", "info", "a sequence not owned by any column")
def _sequence_unowned(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for seq in cat.sequences.values():
        if seq.owned_by is not None:
            continue
        users = sorted(
            (t.schema, t.name, c.name) for t in cat.tables.values() for c in t.columns
            if c.default and "nextval" in c.default and _names_sequence(c.default, seq))
        seq_name = quote_ident(seq.schema, seq.name)
        if users:
            where = f"used by the default of {', '.join(qname(*u) for u in users)}"
            target = quote_ident(*users[0]) if len(users) == 1 else "schema.table.column"
            hint = f"ALTER SEQUENCE {seq_name} OWNED BY {target};"
        else:
            where, hint = "no column default uses it", f"DROP SEQUENCE {seq_name}; if unused"
        yield finding("SP701", seq.key,
                      f"{qname(seq.schema, seq.name)} is not owned by any column ({where})", hint)


def _names_sequence(default: str, seq: m.Sequence) -> bool:
    refs = {(unquote(a.group("s")), unquote(a.group("n"))) for a in TYPE_REF.finditer(default)}
    if (seq.schema, seq.name) in refs:
        return True
    return re.search(r"nextval\('\"?" + re.escape(seq.name) + r"\"?'", default) is not None


def _type_name(text: str) -> tuple[str, str] | None:
    base = re.sub(r"(\[\])+$", "", re.sub(r"\(.*?\)", "", text.strip()))
    match = TYPE_REF.fullmatch(base)
    return (unquote(match.group("s")), unquote(match.group("n"))) if match else None


def used_types(cat: m.Catalog) -> set[tuple[str, str]]:
    """(schema, name) of every user type a column, view, domain, composite or routine names."""
    types = [c.type for t in cat.tables.values() for c in t.columns]
    types += [typ for v in cat.views.values() for _, typ in v.columns]
    types += [d.base_type for d in cat.domains.values()]
    types += [a[1] for ct in cat.composites.values() for a in ct.attributes]
    out = {n for n in map(_type_name, types) if n is not None}
    for fn in cat.functions.values():
        for text in (fn.identity_args, fn.arguments, fn.result or "", fn.body):
            out |= {(unquote(a.group("s")), unquote(a.group("n")))
                    for a in TYPE_REF.finditer(text)}
    return out


@rule("SP702", "enum-unused", "info", "an enum type no column, view, domain or routine uses")
def _enum_unused(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    used = used_types(cat)
    for e in cat.enums.values():
        if (e.schema, e.name) not in used:
            yield finding("SP702", e.key, f"{qname(e.schema, e.name)} ({len(e.labels)} values) "
                          "is not used by any column, view, domain, composite type or routine",
                          f"DROP TYPE {quote_ident(e.schema, e.name)};")
