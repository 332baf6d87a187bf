"""Quoting for generated SQL: every identifier and literal goes through these helpers.

Backed by ``psycopg.sql`` and rendered without a connection, so the same names give the
same bytes everywhere. Identifiers are always quoted (``"public"."agents"``): that is
never wrong, keeps mixed-case, unicode and reserved words safe, and needs no keyword list.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # psycopg is imported where a name is quoted, not by every reader
    from psycopg import sql


@cache  # a pure function of its arguments; a plan quotes each name many times
def quote_ident(*parts: str) -> str:
    """``quote_ident("public", "we\\"ird")`` -> ``"public"."we""ird"``."""
    if parts and all(type(p) is str and p.isascii() for p in parts):  # noqa: E721
        # what psycopg writes for these, without importing it (a plan from dumps needs no
        # driver): tests/test_sqltext.py compares the two
        return ".".join(f'"{p.replace(chr(34), chr(34) * 2)}"' for p in parts)
    from psycopg import sql

    return sql.Identifier(*parts).as_string(None)


def quote_literal(value: object) -> str:
    """A SQL literal: ``'it''s'``, ``NULL``, ``true``, numbers as numbers."""
    if type(value) is str:  # noqa: E721 - a str subclass may adapt differently
        return _quote_text(value)
    from psycopg import sql

    return sql.Literal(value).as_string(None)


@cache  # a plan quotes the same names as literals again and again (its guards)
def _quote_text(value: str) -> str:
    if value.isascii() and "\\" not in value and "\x00" not in value:
        # what psycopg writes for these, without importing it (a backslash makes it write
        # E'...'; it refuses NUL): tests/test_sqltext.py compares the two
        return "'" + value.replace("'", "''") + "'"
    from psycopg import sql

    return sql.Literal(value).as_string(None)


def qualified(schema: str, name: str) -> sql.Composable:
    """A schema-qualified name as a composable, for statements executed with psycopg."""
    from psycopg import sql

    return sql.Identifier(schema, name)


def unqualify_single_relation(definition: str) -> str:
    """Render a PostgreSQL <= 15 view definition the way PostgreSQL 16+ deparses it.

    From 16 on, the deparser leaves column references unqualified at a query level whose
    range table holds a single relation (``SELECT id FROM public.t`` rather than
    ``SELECT t.id FROM public.t``); nested query levels keep their qualification. The text is
    edited in place (only the ``alias.`` prefixes are cut), so the server's own layout is
    kept. When the text cannot be parsed it is returned unchanged.
    """
    simple = _unqualify_simple(definition)
    if simple is not None:
        return simple
    return _unqualify_parsed(definition)


# Tokens of deparsed view text: quoted literals and identifiers, words, numbers, ``::``, and
# any other single character; whitespace is skipped.
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|[A-Za-z_\x80-\U0010ffff][\w$]*"""
                    r"""|\d[\w.]*|::|\S""")
_STOPS = {"WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH", "FOR", ";"}
_COMPLEX = {"JOIN", "UNION", "INTERSECT", "EXCEPT", "WITH", "LATERAL", "ONLY", "VALUES",
            "TABLESAMPLE"}


def _unqualify_simple(definition: str) -> str | None:
    """:func:`unqualify_single_relation` for the common shape, without a parser: one SELECT
    from one named relation, no subquery, join or set operation. ``None`` means "not that
    shape" (the caller parses). Parsing costs 0.4 ms a view; this about a tenth of that."""
    tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(definition)]
    words = [t.upper() for t, _ in tokens]
    if words.count("SELECT") != 1 or words.count("FROM") != 1 or _COMPLEX.intersection(words):
        return None
    at = words.index("FROM")
    end = at + 2
    while end + 1 < len(tokens) and tokens[end][0] == ".":  # schema.relation
        end += 2
    relation = tokens[end - 1][0] if end - 1 < len(tokens) else ""
    if end < len(tokens) and words[end] not in _STOPS:  # an alias, then the end of FROM
        relation = tokens[end][0]
        end += 1
    if not relation or (end < len(tokens) and words[end] not in _STOPS) or relation == ".":
        return None
    cuts = []
    for i, (text, start) in enumerate(tokens):
        if text != relation or i + 1 >= len(tokens) or tokens[i + 1][0] != "." or at <= i < end:
            continue
        before = tokens[i - 1][0] if i else ""
        after = tokens[i + 3][0] if i + 3 < len(tokens) else ""
        if before in (".", "::") or after in ("(", "."):  # a type, function or deeper name
            return None
        cuts.append((start, tokens[i + 2][1]))
    for start, stop in sorted(cuts, reverse=True):
        definition = definition[:start] + definition[stop:]
    return definition


def _unqualify_parsed(definition: str) -> str:
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


_TEXTLIKE = ("TEXT", "VARCHAR", "NVARCHAR", "BPCHAR", "NAME")


def _textlike(dtype: object) -> bool:
    """A text-like type without a length. ``DataType.this`` is usually a ``DataType.Type``
    member, but sqlglot keeps some PostgreSQL types (``regclass``, ``regconfig`` in 30.x)
    as a plain string: compare by the type's name, whatever shape it has."""
    from sqlglot import exp

    if not isinstance(dtype, exp.DataType) or dtype.expressions:
        return False
    kind = dtype.this
    return str(getattr(kind, "name", kind)).upper() in _TEXTLIKE


def _simplify(node: object) -> object:
    """One rewrite step towards the canonical tree (see :func:`canonical_expr`)."""
    from sqlglot import exp

    if isinstance(node, exp.Paren):
        return node.this
    if isinstance(node, exp.Cast):
        inner = node.this
        while isinstance(inner, exp.Paren):
            inner = inner.this
        to = node.args.get("to")
        # CAST(ARRAY[a, b] AS t[]) -> ARRAY[CAST(a AS t), CAST(b AS t)]
        if (isinstance(inner, exp.Array) and isinstance(to, exp.DataType)
                and to.is_type(exp.DataType.Type.ARRAY) and to.expressions):
            element = to.expressions[0]
            return exp.Array(expressions=[
                exp.Cast(this=e.copy(), to=element.copy()) for e in inner.expressions])
        # CAST(CAST('a' AS varchar) AS text) -> CAST('a' AS text): a string literal passed
        # through text-like types keeps its value
        if (isinstance(inner, exp.Cast) and _textlike(to) and _textlike(inner.args.get("to"))
                and isinstance(inner.this, exp.Literal) and inner.this.is_string):
            return exp.Cast(this=inner.this.copy(), to=to.copy())
        # 'a'::varchar and 'a'::text (no length) are the same text value: spell both as text
        if (isinstance(inner, exp.Literal) and inner.is_string and _textlike(to)
                and not to.is_type(exp.DataType.Type.TEXT)):
            return exp.Cast(this=inner.copy(), to=exp.DataType.build("text"))
    return node


def _parenthesize(tree: object) -> object:
    from sqlglot import exp

    def wrap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Binary | exp.Not | exp.Neg) and node.parent is not None:
            return exp.Paren(this=node)
        return node

    return tree.transform(wrap, copy=False)  # type: ignore[attr-defined]


@cache
def canonical_expr(text: str | None) -> str | None:
    """A canonical form of a deparsed SQL expression, for comparison only.

    Parsed with sqlglot (postgres), then rewritten until nothing changes: parentheses dropped
    (the tree keeps precedence, and the result is printed fully parenthesized), array casts
    pushed into the elements, and casts of a string literal through text-like types
    collapsed. This is what makes ``'viewer'::character varying`` equal
    ``'viewer'::varchar``, and the two renderings PostgreSQL gives of ``role IN ('a', 'b')``
    before and after a replay compare equal, while any change of value, column, operator or
    function still shows. Text sqlglot cannot handle (any exception while parsing,
    rewriting or printing) is compared as the server wrote it, whitespace collapsed: this
    never raises.
    """
    if text is None:
        return None
    try:
        return _canonical(text)
    except Exception:  # noqa: BLE001 - whatever sqlglot cannot handle compares as text
        return " ".join(text.split())


def _canonical(text: str) -> str:
    """:func:`canonical_expr` through sqlglot; raises on anything sqlglot cannot handle
    (a parse error, a construct it would print as unsupported, a crash inside it)."""
    import sqlglot
    from sqlglot.errors import ErrorLevel

    tree = sqlglot.parse_one(text, read="postgres")
    if tree is None:
        raise ValueError("empty expression")
    def printed_tree(node: Any) -> str:
        return node.sql(dialect="postgres", unsupported_level=ErrorLevel.RAISE)

    for _ in range(8):
        before = printed_tree(tree)
        tree = tree.transform(_simplify)
        if printed_tree(tree) == before:
            break
    return printed_tree(_parenthesize(tree))


# Keywords PostgreSQL quotes when it prints an identifier (pg_get_keywords() with a category
# other than unreserved; PostgreSQL 18).
_KEYWORDS = """
    all analyse analyze and any array as asc asymmetric authorization between bigint
    binary bit boolean both case cast char character check coalesce collate collation
    column concurrently constraint create cross current_catalog current_date current_role
    current_schema current_time current_timestamp current_user dec decimal default
    deferrable desc distinct do else end except exists extract false fetch float for
    foreign freeze from full grant greatest group grouping having ilike in initially inner
    inout int integer intersect interval into is isnull join json json_array json_arrayagg
    json_exists json_object json_objectagg json_query json_scalar json_serialize
    json_table json_value lateral leading least left like limit localtime localtimestamp
    merge_action national natural nchar none normalize not notnull null nullif numeric
    offset on only or order out outer overlaps overlay placing position precision primary
    real references returning right row select session_user setof similar smallint some
    substring symmetric system_user table tablesample then time timestamp to trailing
    treat trim true union unique user using values varchar variadic verbose when where
    window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces
    xmlparse xmlpi xmlroot xmlserialize xmltable
"""
QUOTED_KEYWORDS = frozenset(_KEYWORDS.split())


_BARE = re.compile(r"[a-z_][a-z0-9_$]*")


def printed(name: str) -> str:
    """A name the way PostgreSQL prints it in SQL text (its quote_identifier): bare when it
    can be, quoted otherwise. For matching server-rendered text, not for generating SQL."""
    if _BARE.fullmatch(name) and name not in QUOTED_KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'
