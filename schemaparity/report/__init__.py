"""Renderers: Diff / Verdict -> text, json, md, html, junit, github."""

from schemaparity.report.render import FORMATS, render

__all__ = ["FORMATS", "render"]
