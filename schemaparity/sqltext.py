"""Quoting for generated SQL: every identifier and literal goes through these helpers.

Backed by ``psycopg.sql`` and rendered without a connection, so the same names give the
same bytes everywhere. Identifiers are always quoted (``"public"."agents"``): that is
never wrong, keeps mixed-case, unicode and reserved words safe, and needs no keyword list.
"""

from __future__ import annotations

from psycopg import sql


def quote_ident(*parts: str) -> str:
    """``quote_ident("public", "we\\"ird")`` -> ``"public"."we""ird"``."""
    return sql.Identifier(*parts).as_string(None)


def quote_literal(value: object) -> str:
    """A SQL literal: ``'it''s'``, ``NULL``, ``true``, numbers as numbers."""
    return sql.Literal(value).as_string(None)


def qualified(schema: str, name: str) -> sql.Composable:
    """A schema-qualified name as a composable, for statements executed with psycopg."""
    return sql.Identifier(schema, name)


def unqualify_single_relation(definition: str) -> str:
    """Render a PostgreSQL <= 15 view definition the way PostgreSQL 16+ deparses it.

    From 16 on, the deparser leaves column references unqualified at a query level whose
    range table holds a single relation (``SELECT id FROM public.t`` rather than
    ``SELECT t.id FROM public.t``); nested query levels keep their qualification. The text is
    edited in place (only the ``alias.`` prefixes are cut), so the server's own layout is
    kept. When the text cannot be parsed it is returned unchanged.
    """
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(definition, read="postgres")
    except Exception:  # noqa: BLE001 - sqlglot raises several types; the raw text is fine
        return definition
    if not isinstance(tree, exp.Select) or tree.args.get("joins"):
        return definition
    source = tree.args.get("from_") or tree.args.get("from")
    relation = source.this if source is not None else None
    if not isinstance(relation, exp.Table | exp.Subquery):
        return definition
    alias = relation.alias_or_name
    cuts = []
    for column in tree.find_all(exp.Column):
        table = column.args.get("table")
        if table is None or column.args.get("db") is not None or column.table != alias:
            continue
        if column.find_ancestor(exp.Select) is not tree:
            continue
        start, stop = table.meta.get("start"), column.this.meta.get("start")
        if start is None or stop is None or stop <= start:
            return definition
        cuts.append((start, stop))
    for start, stop in sorted(cuts, reverse=True):
        definition = definition[:start] + definition[stop:]
    return definition
