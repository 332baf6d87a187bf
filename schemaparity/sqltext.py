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
