"""SQLite expressions through sqlglot: one printed form in the dump, and their PostgreSQL
transpilation for a cross-engine comparison. Text sqlglot cannot handle is kept as written
(whitespace collapsed): this never raises."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_LITERAL = (r"(?:-?[0-9]+(?:\.[0-9]+)?|'[ -&(-\[\]-~]*'|NULL|TRUE|FALSE"
            r"|CURRENT_(?:TIMESTAMP|DATE|TIME))")
# expressions sqlglot prints exactly as written (a literal, or a column compared with one):
# the commonest defaults and partial-index predicates, kept as they are without loading
# sqlglot (tests/test_expressions_fallback.py holds both forms equal on every version)
SIMPLE = re.compile(rf"{_LITERAL}|[a-z_][a-z0-9_]* (?:=|<>|<=|>=|<|>) {_LITERAL}")


def _parse(text: str, dialect: str) -> Any:
    import sqlglot

    tree = sqlglot.parse_one(text, read=dialect)
    if tree is None:
        raise ValueError("empty expression")
    return tree


@cache
def sqlite_form(text: str | None) -> str | None:
    """An expression as sqlglot prints it in SQLite's dialect (the dump's form)."""
    if text is None:
        return None
    if SIMPLE.fullmatch(text):
        return text
    return printed_by_sqlglot(text)


def printed_by_sqlglot(text: str) -> str:
    """:func:`sqlite_form` without the shortcut for simple expressions."""
    try:
        from sqlglot.errors import ErrorLevel

        return str(_parse(text, "sqlite").sql(dialect="sqlite",
                                              unsupported_level=ErrorLevel.RAISE))
    except Exception:  # noqa: BLE001 - whatever sqlglot cannot handle stays as written
        return " ".join(text.split())


_NOW = {"CURRENT_TIMESTAMP", "NOW()", "CURRENT_TIMESTAMP()", "TRANSACTION_TIMESTAMP()",
        "DATETIME('NOW')", "STRFTIME('%Y-%m-%d %H:%M:%S', 'NOW')"}


@cache
def postgres_form(text: str | None, boolean: bool = False) -> str | None:
    """A SQLite expression as PostgreSQL would print it: ``CURRENT_TIMESTAMP`` is ``now()``,
    and in a boolean column ``1``/``0`` are ``true``/``false``."""
    if text is None:
        return None
    if " ".join(text.upper().split()) in _NOW:
        return "now()"
    if boolean and text.strip() in ("1", "0", "TRUE", "FALSE", "true", "false"):
        return "true" if text.strip().lower() in ("1", "true") else "false"
    try:
        from sqlglot.errors import ErrorLevel

        return str(_parse(text, "sqlite").sql(dialect="postgres",
                                              unsupported_level=ErrorLevel.RAISE))
    except Exception:  # noqa: BLE001 - whatever sqlglot cannot handle stays as written
        return " ".join(text.split())


def same_now(text: str | None) -> str | None:
    """A PostgreSQL expression with the current-time spellings folded into ``now()``."""
    if text is None:
        return None
    if " ".join(text.upper().split()) in _NOW:
        return "now()"
    return text
