"""What every verdict report shares: titles of object kinds, op marks, status words, how a
value and a change read as text, the headline of a check.

The format modules (text and json in ``render``, ``markdown``, ``html``, ``junit``,
``github``) import from here; nothing here imports them.
"""

from __future__ import annotations

from typing import Any

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.parity import STATUSES, CheckResult, Item

KIND_TITLES = {k.name: k.title for k in m.REGISTRY}
OP_MARK = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}
STATUS_WORD = {"violation": "VIOLATION", "accepted": "accepted", "expected": "expected",
               "difference": ""}


def value(v: Any) -> str:
    """A value as a reader wants it: SQL text bare, lists joined, None as 'none'."""
    if v is None:
        return "none"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list | tuple):
        return "[" + ", ".join(value(x) for x in v) + "]"
    return " ".join(str(v).split()) if "\n" in str(v) else str(v)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def describe_change(c: Change, left: str, right: str) -> list[str]:
    """The lines that say what one change is (without marker and status)."""
    if c.op == "added":
        return [f"only in {right}" + (f": {c.summary}" if c.summary else "")]
    if c.op == "removed":
        return [f"only in {left}" + (f": {c.summary}" if c.summary else "")]
    if c.op == "renamed":
        old = c.old_key.split(":", 1)[1] if c.old_key else "?"
        return [f"renamed from {old}"] + [f"{d.path}: {value(d.left)} -> {value(d.right)}"
                                          for d in c.details if d.path != "name"]
    return [f"{d.path}: {value(d.left)} -> {value(d.right)}" for d in c.details]


def summary_counts(items: tuple[Item, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in items:
        out[i.status] = out.get(i.status, 0) + 1
    return out


def grouped(items: tuple[Item, ...]) -> list[tuple[str, list[Item]]]:
    groups: dict[str, list[Item]] = {}
    for i in items:
        groups.setdefault(i.change.kind, []).append(i)
    return list(groups.items())


def headline(check: CheckResult, mode: str) -> str:
    counts = summary_counts(check.items)
    if mode == "diff":
        n = len(check.items)
        return "no differences" if n == 0 else plural(n, "difference")
    parts = [f"{counts.get(s, 0)} {s if s != 'violation' else 'violations'}" for s in STATUSES
             if counts.get(s)]
    verdict = "parity holds" if not check.violations else "parity broken"
    return verdict + (": " + ", ".join(parts) if parts else ": no differences")

