"""The jinja2 environment of the planner: templates are the only place SQL text is written.

Names enter templates only through the ``ident`` and ``literal`` filters (``psycopg.sql``
quoting); server-rendered fragments (types, defaults, definitions) are inserted as the server
wrote them. Text that goes into a ``--`` comment (names, step ids, hazard messages, labels)
goes through the ``comment`` filter, and a dollar-quoted body through ``dollar_quoted``, so no
name can end a comment or a quote early and turn the rest of its line into live SQL or a psql
meta-command.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

import jinja2
from jinja2.nodes import EvalContext
from jinja2.runtime import Context

from schemaparity.sqltext import quote_ident, quote_literal


def _ident(value: Any) -> str:
    if value.__class__ is str:  # the usual case first (a plan quotes ~230,000 names)
        return quote_ident(value)
    if isinstance(value, (list, tuple)):  # noqa: UP038 - a tuple is faster than a union here
        return quote_ident(*value)
    return quote_ident(str(value))


def _dotted_ident(value: str) -> str:
    """``schema.name`` (as stored in the model for references) -> quoted parts."""
    return quote_ident(*value.split(".", 1))


def _columns(names: list[str], alias: str) -> str:
    """``['id', 'Key']|cols('t')`` -> ``t."id", t."Key"``."""
    return ", ".join(f"{alias}.{quote_ident(n)}" for n in names)


_NAMED_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\f": "\\f"}
# control characters, Unicode line and paragraph separators, format characters (bidi
# overrides, zero-width), lone surrogates: none may reach a comment line as itself
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _escape(ch: str) -> str:
    if ch in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[ch]
    if ch.isprintable() and ch.isascii():
        return ch
    if unicodedata.category(ch) not in _UNSAFE_CATEGORIES:
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else (
        f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


def comment_text(value: Any) -> str:
    r"""``value`` as text that cannot end the ``--`` comment it is written into.

    A backslash becomes ``\\``, a newline ``\n`` (also ``\r \t \v \f``), any other control,
    line/paragraph separator or format character ``\xHH`` / ``\uHHHH``; printable text
    without a backslash (every name our goldens hold) is unchanged, byte for byte.
    """
    text = str(value)
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escape(ch) for ch in text)


def dollar_quoted(body: str, tag: str) -> str:
    """``body`` between ``$tag$`` quotes, the tag numbered until the body does not hold it."""
    quote, n = f"${tag}$", 0
    while quote in body:
        n += 1
        quote = f"${tag}{n}$"
    return f"{quote}{body}{quote}"


@cache
def env() -> jinja2.Environment:
    e = jinja2.Environment(
        loader=jinja2.PackageLoader("schemaparity.plan", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the package's templates do not change while we run: no stat
    )
    e.filters["ident"] = _ident
    e.filters["literal"] = quote_literal
    e.filters["qualified"] = _dotted_ident
    e.filters["cols"] = _columns
    e.filters["comment"] = comment_text
    e.filters["dollar_quoted"] = dollar_quoted
    return e


class _Context(Context):
    """A render's context made with less than jinja2's own (0.9 against 1.5 us, ~100,000
    renders a plan): no blocks (no template here has one) and the evaluation context made
    once a template (nothing here changes it: no ``autoescape`` block)."""

    def __init__(self, environment: jinja2.Environment, parent: dict[str, Any], name: str,
                 eval_ctx: EvalContext) -> None:
        self.parent = parent
        self.vars = {}
        self.environment = environment
        self.eval_ctx = eval_ctx
        self.exported_vars = set()
        self.name = name
        self.globals_keys = set()
        self.blocks = {}


@cache
def _template(name: str) -> tuple[jinja2.Template, EvalContext]:
    """The compiled template ``name`` and its evaluation context, looked up once (the
    loader's cache is checked on every lookup)."""
    t = env().get_template(f"{name}.sql.j2")
    if t.blocks:
        raise RuntimeError(f"template {name} has blocks, which sql() does not render")
    return t, EvalContext(t.environment, t.name)


def sql(template: str, **context: Any) -> str:
    """Render ``templates/<kind>/<action>.sql.j2`` and strip the trailing newline.

    What ``Template.render`` does, with a lighter context (a plan renders ~100,000 times):
    the environment's globals are copied into it as names, not declared as globals, so an
    imported macro module (``_guard``) is the one made once, not checked against the
    template's chained globals on every render (17 -> 11 µs a render of constraint/add).
    """
    t, eval_ctx = _template(template)
    e = t.environment
    try:
        return "".join(
            t.root_render_func(_Context(e, {**e.globals, **context}, t.name, eval_ctx))
        ).strip("\n")
    except Exception:
        e.handle_exception()
        raise  # not reached: handle_exception raises the error with the template's lines
