"""One registry of output formats: for each type of result, its format names and renderers.

A result type is a name: ``verdict`` (diff and check: text, json, md, html, junit, github),
``lint`` (text, json), ``stats`` (text, json), ``plan`` (sql, json) and ``verify`` (text, json,
html: what a verify proved, ``--report FILE``). ``schemaparity.report``
registers them all on import; the order of registration is the order of ``names`` (the first
is the default). A command takes its ``--format`` choices from ``names(result)`` and renders
with ``render(result, name, value, **options)``; the options are the renderer's keywords
(``label`` for lint and stats, ``color`` and ``verbose`` for the verdict's text).

A new format is one renderer (a pure function of the result, returning the whole text) and one
``register`` call in ``schemaparity/report/__init__.py``::

    formats.register("plan", "sql", plan_sql)

This module imports nothing of schemaparity but the errors, so anything can register here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schemaparity.errors import UsageError

Renderer = Callable[..., str]

_TABLES: dict[str, dict[str, Renderer]] = {}


def table(result: str) -> dict[str, Renderer]:
    """The live mapping format name -> renderer of ``result``, in registration order."""
    return _TABLES.setdefault(result, {})


def register(result: str, name: str, renderer: Renderer) -> Renderer:
    """Make ``renderer`` the ``name`` format of ``result``. Registering the same renderer
    again is a no-op; another renderer under a taken name is an error."""
    formats = table(result)
    if formats.setdefault(name, renderer) is not renderer:
        raise ValueError(f"the {result} format {name!r} is already registered")
    return renderer


def names(result: str) -> list[str]:
    """The format names of ``result`` (for ``--format`` choices), the default first."""
    return list(table(result))


def renderer(result: str, name: str) -> Renderer:
    """The renderer of format ``name`` of ``result``; an unknown one is a usage error."""
    formats = table(result)
    if name not in formats:
        raise UsageError(f"unknown {result} format {name!r} "
                         f"(known: {', '.join(formats) or 'none'})")
    return formats[name]


def render(result: str, name: str, value: Any, **options: Any) -> str:
    """``value`` (a result of type ``result``) in format ``name``."""
    return renderer(result, name)(value, **options)
