"""Renderers: Diff / Verdict -> text, json, md, html, junit, github; and the one registry of
output formats (``formats``) for every result: verdict, lint, stats and plan.

Shared helpers are in ``common`` (the formats import them; nothing imports back). Every format
is registered here, in the order of the ``--format`` choices (the first is the default): the
renderers stay beside their results (``lint.output``, ``stats``, ``plan.render``), which
import nothing of ``report``. A renderer whose module is slow to import (the planner, the
template engine, lint, verify) is registered by name and imported when it first renders, so
a ``diff`` loads none of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from schemaparity.report import formats
from schemaparity.report.common import KIND_TITLES
from schemaparity.report.github import to_github
from schemaparity.report.junit import to_junit
from schemaparity.report.markdown import to_markdown
from schemaparity.report.render import FORMATS, render, to_json, to_text

if TYPE_CHECKING:
    from schemaparity.plan import Plan


class _Later:
    """A renderer imported from ``module`` when it first renders."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def __call__(self, *args: Any, **kwargs: Any) -> str:
        fn = getattr(importlib.import_module(self.module), self.name)
        return fn(*args, **kwargs)  # type: ignore[no-any-return]


def plan_sql(plan: Plan) -> str:
    """The plan as the SQL script ``schemaparity plan`` writes."""
    from schemaparity.plan import render as plan_render

    return plan_render.to_sql(plan).text


for _result, _name, _renderer in (
    ("verdict", "text", to_text), ("verdict", "json", to_json), ("verdict", "md", to_markdown),
    ("verdict", "html", _Later("schemaparity.report.html", "to_html")),
    ("verdict", "junit", to_junit), ("verdict", "github", to_github),
    ("lint", "text", _Later("schemaparity.lint.output", "to_text")),
    ("lint", "json", _Later("schemaparity.lint.output", "to_json")),
    ("stats", "text", _Later("schemaparity.stats", "to_text")),
    ("stats", "json", _Later("schemaparity.stats", "to_json")),
    ("plan", "sql", plan_sql), ("plan", "json", _Later("schemaparity.plan.render", "to_json")),
    ("verify", "text", _Later("schemaparity.report.verify", "to_text")),
    ("verify", "json", _Later("schemaparity.report.verify", "to_json")),
    ("verify", "html", _Later("schemaparity.report.verify", "to_html")),
):
    formats.register(_result, _name, _renderer)

__all__ = ["FORMATS", "KIND_TITLES", "formats", "plan_sql", "render"]
