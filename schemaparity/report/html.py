"""Verdict -> a standalone HTML page (jinja2, inline CSS, no script, no external asset).

This module turns the verdict into plain view objects; ``templates/report.html.j2`` lays them
out: a summary header, a section per check with its violations, the accepted and expected
differences folded in ``<details>``, each change with its left and right values side by side.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

import jinja2

from schemaparity.parity import CheckResult, Item, Verdict
from schemaparity.report.common import KIND_TITLES, OP_MARK, grouped, headline, plural
from schemaparity.report.rows import (
    Row,
    by_reason,
    is_long,
    kind_word,
    of_status,
    op_counts,
    rows,
)

OP_HEADS = ("added", "removed", "changed", "renamed")


@dataclass(frozen=True)
class Value:
    """One side of an attribute; ``lines`` flags the lines the other side does not have."""

    text: str
    lines: tuple[tuple[str, bool], ...] = ()

    @property
    def block(self) -> bool:
        return is_long(self.text)


@dataclass(frozen=True)
class RowView:
    path: str
    left: Value | None
    right: Value | None


@dataclass(frozen=True)
class ItemView:
    op: str
    mark: str
    kind: str
    name: str
    low: bool
    status: str
    reason: str | None
    rows: tuple[RowView, ...]


@dataclass(frozen=True)
class Group:
    title: str
    status: str
    items: tuple[ItemView, ...]


@dataclass(frozen=True)
class CheckView:
    anchor: str
    name: str
    left: str
    right: str
    relation: str
    ok: bool
    headline: str
    violations: int
    accepted: int
    expected: int
    groups: tuple[Group, ...]  # violations first (shown open), then folded groups
    unused_rules: tuple[str, ...]
    stale_baseline: tuple[str, ...]
    op_counts: tuple[tuple[str, tuple[int, ...], int], ...]  # diff mode: kind, per op, total

    @property
    def op_totals(self) -> tuple[int, ...]:
        return tuple(sum(ops[n] for _, ops, _ in self.op_counts) for n in range(len(OP_HEADS)))


def _marked(a: str, b: str) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    """The lines of ``a`` and ``b``, each flagged when it is not among the common lines."""
    la, lb = a.split("\n"), b.split("\n")
    keep_a, keep_b = set(), set()
    for block in difflib.SequenceMatcher(None, la, lb, autojunk=False).get_matching_blocks():
        keep_a.update(range(block.a, block.a + block.size))
        keep_b.update(range(block.b, block.b + block.size))
    return (tuple((line, n not in keep_a) for n, line in enumerate(la)),
            tuple((line, n not in keep_b) for n, line in enumerate(lb)))


def row_view(row: Row) -> RowView:
    if row.left is not None and row.right is not None and "\n" in row.left + row.right:
        la, lb = _marked(row.left, row.right)
        return RowView(row.path, Value(row.left, la), Value(row.right, lb))
    return RowView(row.path, None if row.left is None else Value(row.left),
                   None if row.right is None else Value(row.right))


def item_view(item: Item) -> ItemView:
    c = item.change
    return ItemView(c.op, OP_MARK[c.op], kind_word(c.kind), c.name, c.severity == "low",
                    item.status, item.reason, tuple(row_view(r) for r in rows(c)))


def _views(items: list[Item] | tuple[Item, ...]) -> tuple[ItemView, ...]:
    return tuple(item_view(i) for i in items)


def check_view(n: int, c: CheckResult, mode: str) -> CheckView:
    groups: list[Group] = []
    counts: tuple[tuple[str, tuple[int, ...], int], ...] = ()
    if mode == "diff":
        groups = [Group(f"{KIND_TITLES.get(k, k)} ({len(items)})", "difference", _views(items))
                  for k, items in grouped(c.items)]
        counts = tuple((KIND_TITLES.get(k, k), tuple(ops[o] for o in OP_HEADS), sum(ops.values()))
                       for k, ops in op_counts(c))
    else:
        if c.violations:
            groups.append(Group(f"Violations ({len(c.violations)})", "violation",
                                _views(c.violations)))
        accepted = of_status(c, "accepted")
        if accepted:
            groups.append(Group(f"Accepted in the baseline ({len(accepted)})", "accepted",
                                _views(accepted)))
        for reason, items in by_reason(of_status(c, "expected")):
            groups.append(Group(f"{reason} ({len(items)})", "expected", _views(items)))
    return CheckView(
        anchor=f"check-{n}", name=c.name, left=c.left, right=c.right, relation=c.relation,
        ok=not c.violations, headline=headline(c, mode), violations=len(c.violations),
        accepted=c.count("accepted"), expected=c.count("expected"), groups=tuple(groups),
        unused_rules=c.unused_rules,
        stale_baseline=tuple(f"{e['op']} {e['key']}" for e in c.stale_baseline),
        op_counts=counts)


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("schemaparity.report", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True)


def to_html(verdict: Verdict) -> str:
    checks = [check_view(n, c, verdict.mode) for n, c in enumerate(verdict.checks, 1)]
    if verdict.mode == "diff":
        c = verdict.checks[0]
        title = f"schemaparity diff: {c.left} → {c.right}"
        subtitle = headline(c, "diff")
    else:
        n = sum(len(c.violations) for c in verdict.checks)
        broken = sum(1 for c in verdict.checks if c.violations)
        checks_word = plural(len(verdict.checks), "check")
        title = "schemaparity check: " + ("parity holds" if verdict.ok else "parity broken")
        subtitle = (f"{checks_word}, all hold" if verdict.ok else
                    f"{plural(n, 'violation')} in {broken} of {checks_word}")
    template = environment().get_template("report.html.j2")
    return template.render(title=title, subtitle=subtitle, mode=verdict.mode, ok=verdict.ok,
                           checks=checks, op_heads=OP_HEADS)
