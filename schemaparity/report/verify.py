"""A verify report (:class:`~schemaparity.verify_report.VerifyReport`) as text, JSON or a
standalone HTML page in the style of the diff reports (``templates/verify.html.j2``)."""

from __future__ import annotations

import json

from schemaparity.report.html import environment
from schemaparity.verify_report import VerifyReport, to_dict


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "-"
    return str(value)


def _table(heads: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    cells = [tuple(_cell(v) for v in row) for row in rows]
    widths = [max([len(h)] + [len(r[n]) for r in cells]) for n, h in enumerate(heads)]
    line = "  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return out


def watched(step: dict[str, object]) -> str:
    """How a step's locks were read: in its own transaction, or by a monitor while the step
    waited for it (for certain) or sampled while it ran (a lock held between two samples goes
    unseen)."""
    if step["watched_by"] != "monitor":
        return "own backend"
    return "monitor, waited" if step.get("waited") else "monitor, sampled"


def to_text(report: VerifyReport) -> str:
    lines = [f"schemaparity verify: {report.plan}", f"  {report.source} -> {report.target}",
             f"  {report.outcome}: {report.message}",
             f"  {report.seed_rows} seeded rows a table; {report.totals.get('steps', 0)} steps "
             f"in {report.totals.get('seconds', 0):.3f}s", ""]
    if report.note:
        lines += [f"note: {report.note}", ""]
    if report.problems:
        lines += ["steps that do not do what they declare:"]
        lines += [f"  {p}" for p in report.problems] + [""]
    if report.steps:
        lines += ["steps:"] + ["  " + r for r in _table(
            ("step", "ms", "lock seen", "on", "rewrites", "read", "written", "declared lock",
             "declared hazards", "watched"),
            [(s["step"], f"{s['seconds'] * 1000:.1f}", s["lock"], s["lock_on"], s["rewrites"],
              s["rows_read"], s["rows_written"], s["declared_lock"], s["declared_hazards"],
              watched(s)) for s in report.steps])] + [""]
    if report.tables:
        lines += ["tables:"] + ["  " + r for r in _table(
            ("table", "seeded", "kept", "lost", "changed", "backfilled", "by", "skipped"),
            [(t["table"], t["seeded"], t["kept"], t["lost"], t["changed"], t["backfilled"],
              t["by"], t["skipped"]) for t in report.tables])] + [""]
    if report.planted:
        lines += ["adversarial rows:"] + [
            f"  {'planted' if p['planted'] else 'not planted'}: {p['condition']}"
            + (f" ({p['why']})" if p["why"] else "") for p in report.planted] + [""]
    return "\n".join(lines)


def to_json(report: VerifyReport) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


def to_html(report: VerifyReport) -> str:
    template = environment().get_template("verify.html.j2")
    return template.render(r=report, title=f"schemaparity verify: {report.outcome}")
