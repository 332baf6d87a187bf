"""Render a Verdict (a plain diff is a verdict in ``diff`` mode) as terminal text or JSON, and
``render`` in any format of the registry (``FORMATS``, filled in ``schemaparity.report``).

Every renderer is a pure function of the verdict: the same input gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from schemaparity.parity import Item, Verdict
from schemaparity.report import formats
from schemaparity.report.common import (
    KIND_TITLES,
    OP_MARK,
    STATUS_WORD,
    describe_change,
    grouped,
    headline,
    plural,
    summary_counts,
)

JSON_FORMAT_VERSION = 1
# format name -> renderer of a verdict; the registry's live table, filled in report/__init__.
FORMATS: dict[str, Callable[[Verdict], str]] = formats.table("verdict")


# ---------------------------------------------------------------- text


def to_text(verdict: Verdict, color: bool = False, verbose: bool = False) -> str:
    """Terminal report: in check mode violations in full, expected and accepted counted per
    rule (``verbose`` lists them all)."""
    import click

    def style(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if color else text

    colors = {"+": "green", "-": "red", "~": "yellow", ">": "cyan"}
    out: list[str] = []
    for check in verdict.checks:
        title = (f"{check.left} -> {check.right}" if verdict.mode == "diff"
                 else f"check {check.name}: {check.left} -> {check.right} ({check.relation})")
        out.append(style(title, bold=True))
        out.append(f"  {headline(check, verdict.mode)}")
        listed = check.items if verbose or verdict.mode == "diff" else tuple(
            i for i in check.items if i.status == "violation")
        for kind, items in grouped(listed):
            out.append("")
            out.append(style(KIND_TITLES.get(kind, kind) + f" ({len(items)})", bold=True))
            for item in items:
                c = item.change
                mark = OP_MARK[c.op]
                status = STATUS_WORD.get(item.status, item.status)
                tag = ""
                if status and (verbose or item.status != "violation" or item.reason):
                    tag = "  [" + status + (f": {item.reason}" if item.reason else "") + "]"
                    if item.status == "violation":
                        tag = style(tag, fg="red", bold=True)
                lines = describe_change(c, check.left, check.right)
                low = " (low)" if c.severity == "low" else ""
                out.append(f"  {style(mark, fg=colors[mark])} {c.name}{low}  {lines[0]}{tag}")
                for line in lines[1:]:
                    out.append(f"      {line}")
        if not verbose and verdict.mode == "check":
            rules: dict[tuple[str, str], int] = {}
            for i in check.items:
                if i.status in ("expected", "accepted"):
                    rules[(i.status, i.reason or "")] = rules.get((i.status, i.reason or ""), 0) + 1
            if rules:
                out.append("")
                for (status, reason), n in rules.items():
                    out.append(f"  {status} {n:>4}  {reason}")
        if check.unused_rules:
            out.append("")
            out.append("unused expectations (matched nothing): " + ", ".join(check.unused_rules))
        if check.stale_baseline:
            out.append("")
            out.append("stale baseline entries (no longer seen):")
            for e in check.stale_baseline:
                out.append(f"  {e['op']} {e['key']}")
        out.append("")
    if verdict.mode == "check":
        n = sum(len(c.violations) for c in verdict.checks)
        out.append(style("parity holds" if verdict.ok else f"{plural(n, 'violation')}",
                         fg="green" if verdict.ok else "red", bold=True))
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------- json


def change_dict(item: Item) -> dict[str, Any]:
    c = item.change
    return {
        "kind": c.kind, "key": c.key, "op": c.op, "old_key": c.old_key,
        "severity": c.severity, "summary": c.summary, "status": item.status,
        "rule": item.rule, "reason": item.reason,
        "details": [{"path": d.path, "left": d.left, "right": d.right} for d in c.details],
    }


def to_dict(verdict: Verdict) -> dict[str, Any]:
    return {
        "format_version": JSON_FORMAT_VERSION,
        "mode": verdict.mode,
        "ok": verdict.ok,
        "checks": [{
            "name": c.name, "left": c.left, "right": c.right, "relation": c.relation,
            "ok": not c.violations,
            "counts": summary_counts(c.items),
            "items": [change_dict(i) for i in c.items],
            "unused_rules": list(c.unused_rules),
            "stale_baseline": list(c.stale_baseline),
        } for c in verdict.checks],
    }


def to_json(verdict: Verdict) -> str:
    return json.dumps(to_dict(verdict), indent=2, sort_keys=True, ensure_ascii=False) + "\n"



def render(verdict: Verdict, fmt: str, color: bool = False, verbose: bool = False) -> str:
    if fmt == "text":
        return to_text(verdict, color=color, verbose=verbose)
    return FORMATS[fmt](verdict)
