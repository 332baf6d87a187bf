"""Renderers: Diff / Verdict -> text, json, md, html, junit, github; and the one registry of
output formats (``formats``) for every result: verdict, lint, stats and plan.

Shared helpers are in ``common`` (the formats import them; nothing imports back). Every format
is registered here, in the order of the ``--format`` choices (the first is the default): the
renderers stay beside their results (``lint.output``, ``stats``, ``plan.render``), which
import nothing of ``report``.
"""

from schemaparity import stats
from schemaparity.lint import output as lint_output
from schemaparity.plan import Plan
from schemaparity.plan import render as plan_render
from schemaparity.report import formats
from schemaparity.report.common import KIND_TITLES
from schemaparity.report.github import to_github
from schemaparity.report.html import to_html
from schemaparity.report.junit import to_junit
from schemaparity.report.markdown import to_markdown
from schemaparity.report.render import FORMATS, render, to_json, to_text
from schemaparity.report.verify import to_html as verify_html
from schemaparity.report.verify import to_json as verify_json
from schemaparity.report.verify import to_text as verify_text


def plan_sql(plan: Plan) -> str:
    """The plan as the SQL script ``schemaparity plan`` writes."""
    return plan_render.to_sql(plan).text


for _result, _name, _renderer in (
    ("verdict", "text", to_text), ("verdict", "json", to_json), ("verdict", "md", to_markdown),
    ("verdict", "html", to_html), ("verdict", "junit", to_junit), ("verdict", "github", to_github),
    ("lint", "text", lint_output.to_text), ("lint", "json", lint_output.to_json),
    ("stats", "text", stats.to_text), ("stats", "json", stats.to_json),
    ("plan", "sql", plan_sql), ("plan", "json", plan_render.to_json),
    ("verify", "text", verify_text), ("verify", "json", verify_json),
    ("verify", "html", verify_html),
):
    formats.register(_result, _name, _renderer)

__all__ = ["FORMATS", "KIND_TITLES", "formats", "plan_sql", "render"]
