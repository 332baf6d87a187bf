"""Renderers: Diff / Verdict -> text, json, md, html, junit, github; and the one registry of
output formats (``formats``) that lint, stats and the plan register into as well.

Shared helpers are in ``common`` (the formats import them; nothing imports back), the verdict
formats are registered here, in the order of ``--format`` choices.
"""

from schemaparity.report import formats
from schemaparity.report.common import KIND_TITLES
from schemaparity.report.github import to_github
from schemaparity.report.html import to_html
from schemaparity.report.junit import to_junit
from schemaparity.report.markdown import to_markdown
from schemaparity.report.render import FORMATS, render, to_json, to_text

for _name, _renderer in (("text", to_text), ("json", to_json), ("md", to_markdown),
                         ("html", to_html), ("junit", to_junit), ("github", to_github)):
    formats.register("verdict", _name, _renderer)

__all__ = ["FORMATS", "KIND_TITLES", "formats", "render"]
