"""Verdict -> JUnit XML, for CI test-report views (Jenkins, GitLab, Azure, test reporters).

One ``<testsuite>`` per check (``diff LEFT -> RIGHT`` for a plain diff) and in it one
``<testcase>`` per object kind, every kind listed so a clean kind shows as passed
(``classname`` is the check). A kind with violations fails: its ``<failure>`` message is
the count, its text the violations, one per line as in the text report. Expected and
accepted differences go to the test case's ``<system-out>``; unused expectations and stale
baseline entries to the suite's. Times are 0 so the bytes depend on the verdict alone.
Validates against the junit-10 style schema in ``tests/junit.xsd``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from schemaparity.parity import CheckResult, Item, Verdict
from schemaparity.report.common import KIND_TITLES, OP_MARK, describe_change, headline, plural

# Characters XML 1.0 cannot carry at all, even escaped.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(s: str) -> str:
    return _INVALID.sub("\ufffd", s)


def item_lines(item: Item, left: str, right: str) -> list[str]:
    """One change as text-report lines, with its status and reason where it has them."""
    c = item.change
    lines = describe_change(c, left, right)
    low = " (low)" if c.severity == "low" else ""
    tag = ""
    if item.status not in ("violation", "difference") or item.reason:
        tag = f"  [{item.status}" + (f": {item.reason}" if item.reason else "") + "]"
    return ([f"{OP_MARK[c.op]} {c.name}{low}  {lines[0]}{tag}"]
            + [f"    {line}" for line in lines[1:]])


def _text(items: list[Item], left: str, right: str) -> str:
    return "\n".join(line for i in items for line in item_lines(i, left, right))


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        el.text = clean(text)
    return el


def testsuite(parent: ET.Element, c: CheckResult, mode: str) -> tuple[int, int]:
    """Add the suite of one check; returns (tests, failures)."""
    by_kind: dict[str, list[Item]] = {k: [] for k in KIND_TITLES}
    for i in c.items:
        by_kind.setdefault(i.change.kind, []).append(i)
    failing = sum(1 for items in by_kind.values()
                  if any(i.status in ("violation", "difference") for i in items))
    name = c.name if mode == "check" else f"diff {c.left} -> {c.right}"
    suite = _element(parent, "testsuite", name=name, tests=str(len(by_kind)),
                     failures=str(failing), errors="0", skipped="0", time="0")
    props = _element(suite, "properties")
    for name, value in (("left", c.left), ("right", c.right), ("relation", c.relation),
                        ("result", headline(c, mode))):
        _element(props, "property", name=name, value=value)
    word = "difference" if mode == "diff" else "violation"
    for kind, items in by_kind.items():
        case = _element(suite, "testcase", name=KIND_TITLES.get(kind, kind), classname=c.name,
                        time="0")
        bad = [i for i in items if i.status in ("violation", "difference")]
        if bad:
            _element(case, "failure", _text(bad, c.left, c.right),
                     message=plural(len(bad), word), type=word)
        ok = [i for i in items if i.status not in ("violation", "difference")]
        if ok:
            _element(case, "system-out", _text(ok, c.left, c.right))
    notes = []
    if c.unused_rules:
        notes.append("unused expectations (matched nothing): " + ", ".join(c.unused_rules))
    if c.stale_baseline:
        notes.append("stale baseline entries (no longer seen):")
        notes += [f"  {e['op']} {e['key']}" for e in c.stale_baseline]
    if notes:
        _element(suite, "system-out", "\n".join(notes))
    return len(by_kind), failing


def to_junit(verdict: Verdict) -> str:
    root = ET.Element("testsuites", {"name": f"schemaparity {verdict.mode}"})
    tests = failures = 0
    for c in verdict.checks:
        t, f = testsuite(root, c, verdict.mode)
        tests, failures = tests + t, failures + f
    for key, val in (("tests", tests), ("failures", failures), ("errors", 0), ("time", 0)):
        root.set(key, str(val))
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")
