"""Verdict -> GitHub-flavoured Markdown, for a pull-request comment.

A title, a summary table, then per check the violations in a table and the accepted and
expected differences folded in ``<details>``. Every value from a schema goes into a code span
(backticks fenced, pipes escaped for tables); a long value (view or function SQL) is cut short
in its cell and given in full, as a diff where it changed, in a folded block below.
"""

from __future__ import annotations

import difflib
import html
import re

from schemaparity.parity import CheckResult, Item, Verdict
from schemaparity.report.common import KIND_TITLES, OP_MARK, grouped, headline, plural
from schemaparity.report.rows import (
    Row,
    by_reason,
    kind_word,
    of_status,
    one_line,
    op_counts,
    rows,
    shorten,
)

MAX_ROWS = 100  # rows per table; a PR comment holds at most 65,536 characters
OP_HEADS = ("added", "removed", "changed", "renamed")

_PUNCT = re.compile(r"([\\`*_\[\]<>|~&#])")


# ---------------------------------------------------------------- escaping


def text(s: str) -> str:
    """Plain text (a check name, a reason) with Markdown and HTML punctuation escaped."""
    return _PUNCT.sub(r"\\\1", one_line(s))


def code(s: str, table: bool = True) -> str:
    """``s`` as an inline code span that survives any backticks in it (and pipes, in a table)."""
    s = one_line(s)
    if not s:
        return "*empty*"
    run = max((len(m) for m in re.findall(r"`+", s)), default=0)
    fence = "`" * (run + 1)
    pad = " " if s[0] == "`" or s[-1] == "`" or (s[0] == " " and s[-1] == " ") else ""
    span = f"{fence}{pad}{s}{pad}{fence}"
    return span.replace("|", "\\|") if table else span


def fenced(body: str, info: str) -> list[str]:
    """A fenced code block longer than any backtick run inside ``body``."""
    run = max((len(m) for m in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, run + 1)
    return [fence + info, *body.split("\n"), fence]


def summary(s: str) -> str:
    """Text for a ``<summary>`` element (HTML, not Markdown)."""
    return html.escape(one_line(s), quote=False)


# ---------------------------------------------------------------- cells


def _cell_value(v: str) -> str:
    return code(shorten(v))


def _difference(item: Item, left: str, right: str) -> str:
    parts = []
    for row in rows(item.change):
        if row.path == "" and row.right is not None:
            part = f"only in {text(right)}" + (f": {_cell_value(row.right)}" if row.right else "")
        elif row.path == "" and row.left is not None:
            part = f"only in {text(left)}" + (f": {_cell_value(row.left)}" if row.left else "")
        elif item.change.op == "renamed" and row.path == "name":
            part = f"renamed from {code(row.left or '')}"
        else:
            part = (f"{text(row.path)}: {_cell_value(row.left or '')} → "
                    f"{_cell_value(row.right or '')}")
        if row.long:
            part += " *(in full below)*"
        parts.append(part)
    return "<br>".join(parts)


def _object(item: Item, with_kind: bool) -> str:
    c = item.change
    name = code(c.name)
    low = " *(low)*" if c.severity == "low" else ""
    return (f"{kind_word(c.kind)} {name}" if with_kind else name) + low


def items_table(items: list[Item], left: str, right: str, with_kind: bool = True,
                notes: bool = False) -> tuple[list[str], list[str]]:
    """A table of items, and the long values of the shown items in full."""
    head = "| | object | difference |" + (" note |" if notes else "")
    out = [head, "| --- | --- | --- |" + (" --- |" if notes else "")]
    shown = items[:MAX_ROWS]
    for item in shown:
        line = (f"| `{OP_MARK[item.change.op]}` | {_object(item, with_kind)} | "
                f"{_difference(item, left, right)} |")
        if notes:
            line += f" {text(item.reason) if item.reason else ''} |"
        out.append(line)
    if len(items) > len(shown):
        out += ["", f"*… and {len(items) - len(shown)} more, not shown here (see the JSON or "
                    "HTML report).*"]
    return out, long_values(shown, left, right)


def items_block(items: list[Item], left: str, right: str, with_kind: bool = True) -> list[str]:
    table, longs = items_table(items, left, right, with_kind)
    return table + longs


def long_values(items: list[Item], left: str, right: str) -> list[str]:
    """The values cut short in a table, in full: a diff where a value changed."""
    out: list[str] = []
    for item in items:
        for row in rows(item.change):
            if not row.long:
                continue
            what = f"`{OP_MARK[item.change.op]}` {_object(item, True)}"
            out += ["", f"**{what}" + (f" · {text(row.path)}**" if row.path else "**"), ""]
            out += _full(row, left, right)
    return out


def _full(row: Row, left: str, right: str) -> list[str]:
    if row.left is not None and row.right is not None:
        lines = list(difflib.unified_diff(row.left.split("\n"), row.right.split("\n"),
                                          f"{left}", f"{right}", lineterm="",
                                          n=row.left.count("\n") + row.right.count("\n") + 2))
        return fenced("\n".join(lines), "diff")
    return fenced(row.left if row.left is not None else row.right or "", "sql")


def folded(title: str, body: list[str]) -> list[str]:
    return ["", f"<details><summary>{summary(title)}</summary>", "", *body, "", "</details>"]


# ---------------------------------------------------------------- check mode


def _check_title(verdict: Verdict) -> str:
    if verdict.ok:
        return "## ✅ schemaparity: parity holds"
    n = sum(len(c.violations) for c in verdict.checks)
    return f"## ❌ schemaparity: parity broken, {plural(n, 'violation')}"


def _check_summary(verdict: Verdict) -> list[str]:
    out = ["| check | relation | violations | accepted | expected | result |",
           "| --- | --- | ---: | ---: | ---: | :---: |"]
    for c in verdict.checks:
        out.append(f"| {text(c.name)}: {code(c.left)} → {code(c.right)} | {text(c.relation)} | "
                   f"{len(c.violations)} | {c.count('accepted')} | {c.count('expected')} | "
                   f"{'❌' if c.violations else '✅'} |")
    return out


def check_section(c: CheckResult) -> list[str]:
    icon = "❌" if c.violations else "✅"
    out = [f"### {icon} {text(c.name)}: {code(c.left, False)} → {code(c.right, False)}", "",
           text(headline(c, "check"))]
    violations = list(c.violations)
    if violations:
        out += ["", f"**Violations ({len(violations)})**", ""]
        table, longs = items_table(violations, c.left, c.right,
                                   notes=any(i.reason for i in violations))
        out += table
        if longs:
            out += folded("Long values in full", longs[1:])
    accepted = of_status(c, "accepted")
    if accepted:
        out += folded(f"✔️ Accepted in the baseline ({len(accepted)})",
                      items_block(accepted, c.left, c.right))
    for reason, group in by_reason(of_status(c, "expected")):
        out += folded(f"☑️ Expected: {reason} ({len(group)})",
                      items_block(group, c.left, c.right))
    if c.unused_rules:
        out += ["", "⚠️ **Unused expectations** (they matched nothing): "
                + ", ".join(code(r, False) for r in c.unused_rules)]
    if c.stale_baseline:
        out += ["", "⚠️ **Stale baseline entries** (no longer seen; rewrite the baseline with "
                "`schemaparity baseline`):", ""]
        out += [f"- {code(e['op'] + ' ' + e['key'], False)}" for e in c.stale_baseline]
    return out


def _check(verdict: Verdict) -> list[str]:
    out = [_check_title(verdict), "", *_check_summary(verdict)]
    for c in verdict.checks:
        out += ["", *check_section(c)]
    return out


# ---------------------------------------------------------------- diff mode


def _diff_section(c: CheckResult) -> list[str]:
    n = len(c.items)
    icon = "✅" if n == 0 else "⚠️"
    out = [f"## {icon} schemaparity diff: {code(c.left, False)} → {code(c.right, False)}, "
           f"{headline(c, 'diff')}"]
    if not n:
        return out
    counts = op_counts(c)
    out += ["", "| kind | " + " | ".join(OP_HEADS) + " | total |",
            "| --- |" + " ---: |" * (len(OP_HEADS) + 1)]
    for kind, ops in counts:
        out.append(f"| {text(KIND_TITLES.get(kind, kind))} | "
                   + " | ".join(str(ops[o]) for o in OP_HEADS) + f" | {sum(ops.values())} |")
    totals = [sum(ops[o] for _, ops in counts) for o in OP_HEADS]
    out.append("| **total** | " + " | ".join(str(t) for t in totals) + f" | **{n}** |")
    for kind, items in grouped(c.items):
        out += folded(f"{KIND_TITLES.get(kind, kind)} ({len(items)})",
                      items_block(items, c.left, c.right, with_kind=False))
    return out


def to_markdown(verdict: Verdict) -> str:
    if verdict.mode == "diff":
        out: list[str] = []
        for c in verdict.checks:
            out += [*_diff_section(c), ""]
    else:
        out = _check(verdict)
    return "\n".join(out).rstrip("\n") + "\n"
