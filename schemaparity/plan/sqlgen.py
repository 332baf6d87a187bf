"""The jinja2 environment of the planner: templates are the only place SQL text is written.

Names enter templates only through the ``ident`` and ``literal`` filters (``psycopg.sql``
quoting); server-rendered fragments (types, defaults, definitions) are inserted as the server
wrote them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from schemaparity.sqltext import quote_ident, quote_literal


def _ident(value: Any) -> str:
    if isinstance(value, list | tuple):
        return quote_ident(*value)
    return quote_ident(str(value))


def _dotted_ident(value: str) -> str:
    """``schema.name`` (as stored in the model for references) -> quoted parts."""
    return quote_ident(*value.split(".", 1))


def _columns(names: list[str], alias: str) -> str:
    """``['id', 'Key']|cols('t')`` -> ``t."id", t."Key"``."""
    return ", ".join(f"{alias}.{quote_ident(n)}" for n in names)


@cache
def env() -> jinja2.Environment:
    e = jinja2.Environment(
        loader=jinja2.PackageLoader("schemaparity.plan", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    e.filters["ident"] = _ident
    e.filters["literal"] = quote_literal
    e.filters["qualified"] = _dotted_ident
    e.filters["cols"] = _columns
    return e


def sql(template: str, **context: Any) -> str:
    """Render ``templates/<kind>/<action>.sql.j2`` and strip the trailing newline."""
    return env().get_template(f"{template}.sql.j2").render(**context).strip("\n")
