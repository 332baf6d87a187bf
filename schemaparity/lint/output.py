"""Lint results as text (grouped by rule) or JSON (a stable schema), and the list of rules.

``schemaparity.report`` registers both renderers as the ``lint`` formats of its registry.
"""

from __future__ import annotations

import json

from schemaparity.lint.engine import RULES, Finding, Result

JSON_FORMAT_VERSION = 1


def summary(result: Result) -> str:
    counts = result.counts()
    n = len(result.findings)
    parts = [f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
             f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}",
             f"{counts['info']} info"]
    text = "no findings" if n == 0 else f"{n} finding{'s' if n != 1 else ''}: " + ", ".join(parts)
    if result.allowed:
        text += f" ({result.allowed} allowed)"
    return text


def to_text(result: Result, label: str) -> str:
    """Findings grouped by rule (worst rule first), one object per entry with its fix."""
    lines: list[str] = []
    groups: dict[str, list[Finding]] = {}
    for f in result.findings:
        groups.setdefault(f.code, []).append(f)
    for code, fs in groups.items():
        r = RULES[code]
        lines.append(f"{code} {r.name} ({r.severity}): {len(fs)}")
        for f in fs:
            lines += [f"  {f.object}", f"    {f.message}", f"    fix: {f.hint}"]
        lines.append("")
    lines.append(f"{label}: {summary(result)}")
    return "\n".join(lines) + "\n"


def to_json(result: Result, label: str) -> str:
    doc = {
        "format_version": JSON_FORMAT_VERSION,
        "source": label,
        "fail_on": result.settings.fail_on,
        "disabled": sorted(result.settings.disable),
        "summary": {**result.counts(), "total": len(result.findings),
                    "allowed": result.allowed},
        "findings": [{"code": f.code, "name": f.name, "severity": f.severity,
                      "object": f.object, "message": f.message, "hint": f.hint}
                     for f in result.findings],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def rules_text() -> str:
    return "".join(f"{r.code}  {r.name:<30} {r.severity:<8} {r.summary}\n"
                   for r in sorted(RULES.values(), key=lambda r: r.code))
