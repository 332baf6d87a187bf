"""What the md and html reports show of a change: one row per attribute, left beside right.

The text renderer flattens a change into lines (``describe_change``); the tabular reports need
the attribute, the left value and the right value apart, with SQL text kept whole so a long
view or function can be folded away and shown in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemaparity.diff import OPS, Change
from schemaparity.parity import CheckResult, Item
from schemaparity.report.common import value

LONG = 100  # a value longer than this (or on several lines) is cut short in a table cell


@dataclass(frozen=True)
class Row:
    """One attribute of a change: ``left`` / ``right`` is None where the object is absent."""

    path: str  # the attribute; "" for an added or removed object as a whole
    left: str | None
    right: str | None

    @property
    def long(self) -> bool:
        return any(v is not None and is_long(v) for v in (self.left, self.right))


def full(v: Any) -> str:
    """A value in full: SQL text keeps its lines (trailing blanks trimmed), others as ``value``."""
    if isinstance(v, str):
        return "\n".join(line.rstrip() for line in v.strip("\n").splitlines()) if v else ""
    return value(v)


def one_line(v: str) -> str:
    return " ".join(v.split()) if "\n" in v else v


def is_long(v: str) -> bool:
    return "\n" in v or len(v) > LONG


def shorten(v: str, width: int = LONG) -> str:
    """``v`` on one line, cut at ``width`` characters with an ellipsis."""
    flat = one_line(v)
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def rows(c: Change) -> list[Row]:
    if c.op == "added":
        return [Row("", None, c.summary or "")]
    if c.op == "removed":
        return [Row("", c.summary or "", None)]
    out = []
    if c.op == "renamed":
        old = c.old_key.split(":", 1)[1] if c.old_key else "?"
        out.append(Row("name", old, c.name))
    out.extend(Row(d.path, full(d.left), full(d.right)) for d in c.details
               if not (c.op == "renamed" and d.path == "name"))
    return out


def kind_word(kind: str) -> str:
    """A kind as a singular noun: ``column_order`` -> ``column order``."""
    return kind.replace("_", " ")


def by_reason(items: tuple[Item, ...] | list[Item]) -> list[tuple[str, list[Item]]]:
    """Items grouped by the reason they are excused, in order of first appearance."""
    groups: dict[str, list[Item]] = {}
    for i in items:
        groups.setdefault(i.reason or i.rule or "", []).append(i)
    return list(groups.items())


def of_status(check: CheckResult, *statuses: str) -> list[Item]:
    return [i for i in check.items if i.status in statuses]


def op_counts(check: CheckResult) -> list[tuple[str, dict[str, int]]]:
    """Per kind (in report order), how many changes of each op."""
    table: dict[str, dict[str, int]] = {}
    for i in check.items:
        counts = table.setdefault(i.change.kind, dict.fromkeys(OPS, 0))
        counts[i.change.op] += 1
    return list(table.items())
