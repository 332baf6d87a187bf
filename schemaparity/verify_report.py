"""What a verify proved, as plain data for the ``verify`` report formats (text, JSON, HTML).

Per step: its time at the seeded size, the lock it was seen taking (and on what), the tables
it rewrote, the rows it read and wrote, what it declares (lock, hazards) and how it was
watched (its own backend, or a monitor that read its locks while it waited or only sampled
them). Per table: the
rows seeded (or why it stayed empty), kept, lost, changed and backfilled. With
``--adversarial``: each condition planted, or why not. Built from a :class:`VerifyResult`
(also the partial one a failing verify carries), rendered by ``report/verify.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemaparity.verify import VerifyResult
from schemaparity.verify_observe import mismatches


@dataclass(frozen=True)
class VerifyReport:
    plan: str
    source: str
    target: str
    outcome: str  # verified, stopped in pre-check, failed
    message: str
    seed_rows: int
    steps: tuple[dict[str, Any], ...] = ()
    tables: tuple[dict[str, Any], ...] = ()
    planted: tuple[dict[str, Any], ...] = ()
    problems: tuple[str, ...] = ()  # steps that do not do what they declare
    note: str | None = None  # why steps were not watched
    totals: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome != "failed"


def _steps(result: VerifyResult) -> tuple[dict[str, Any], ...]:
    if result.observed is None:
        return ()
    return tuple({
        "step": s.step, "seconds": round(s.seconds, 6), "statements": s.statements,
        "lock": s.lock, "lock_on": s.lock_on, "rewrites": list(s.rewrites),
        "rows_read": s.rows_read, "rows_written": s.rows_written,
        "declared_lock": s.declared_lock, "declared_hazards": list(s.declared_hazards),
        "watched_by": "monitor" if s.monitored else "own backend", "waited": s.waited,
    } for s in result.observed.steps)


def _tables(result: VerifyResult) -> tuple[dict[str, Any], ...]:
    seeded = result.seeded
    rows = {r.table: r for r in result.rows}
    filled: dict[str, int] = {}
    for column, n in result.backfilled:
        table = "table:" + column.rsplit(".", 1)[0]
        filled[table] = filled.get(table, 0) + n
    keys = sorted(set(seeded.rows if seeded else ()) | set(seeded.skipped if seeded else ())
                  | set(rows))
    out = []
    for key in keys:
        r = rows.get(key)
        out.append({
            "table": key.removeprefix("table:"),
            "seeded": seeded.rows.get(key, 0) if seeded else 0,
            "skipped": seeded.skipped.get(key) if seeded else None,
            "kept": r.kept if r else None, "lost": r.lost if r else None,
            "changed": r.changed if r else None, "by": r.by if r else None,
            "backfilled": filled.get(key, 0)})
    return tuple(out)


def build_report(result: VerifyResult | None, labels: tuple[str, str, str],
                 failure: str | None = None) -> VerifyReport:
    """The report of ``result`` (None: verify failed before anything was seen)."""
    if failure is not None:
        outcome, message = "failed", failure
    elif result is not None and result.stopped:
        outcome, message = "stopped in pre-check", result.stopped
    elif result is not None and not result.ok:
        outcome = "failed"
        message = f"{len(result.residual.changes)} difference(s) to the target remain"
    else:
        outcome, message = "verified", "the plan lands on the target"
    if result is None:
        return VerifyReport(*labels, outcome, message, 0)
    steps = _steps(result)
    totals = {"steps": len(steps), "seconds": round(sum(s["seconds"] for s in steps), 6),
              "rewrites": sum(len(s["rewrites"]) for s in steps),
              "rows_seeded": sum(t["seeded"] for t in _tables(result))}
    planted = tuple({"table": p.table.removeprefix("table:"), "condition": p.what,
                     "planted": p.planted, "why": p.why} for p in result.planted)
    return VerifyReport(
        *labels, outcome, message, result.seed_rows, steps, _tables(result), planted,
        tuple(mismatches(result.observed)) if result.observed else (),
        result.observed.note if result.observed else None, totals)


def to_dict(report: VerifyReport) -> dict[str, Any]:
    return {"format_version": 1, "plan": report.plan, "source": report.source,
            "target": report.target, "outcome": report.outcome, "message": report.message,
            "seed_rows": report.seed_rows, "totals": report.totals, "steps": list(report.steps),
            "tables": list(report.tables), "adversarial": list(report.planted),
            "declared_wrong": list(report.problems), "note": report.note}
