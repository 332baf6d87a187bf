"""Verdict -> GitHub Actions workflow commands (annotations on the run and the PR).

One ``::error`` per violation (per difference in diff mode), ``::warning`` for a low-severity
one (a change of column order), for a stale baseline entry and for an unused expectation, and
one ``::notice`` with the summary at the end. Values are escaped as the runner expects:
``%``, CR and LF in messages; also ``:`` and ``,`` in properties.
"""

from __future__ import annotations

from schemaparity.parity import CheckResult, Verdict
from schemaparity.report.common import describe_change, headline, plural
from schemaparity.report.rows import kind_word, shorten

MAX_VALUE = 500  # characters of one line of a message (a function body can be long)


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: str) -> str:
    params = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
    return f"::{name}{' ' + params if params else ''}::{escape_data(message)}"


def _check_lines(c: CheckResult, mode: str) -> list[str]:
    out = []
    where = f"schemaparity {c.name}" if mode == "check" else "schemaparity diff"
    for item in c.violations:
        ch = item.change
        lines = [shorten(line, MAX_VALUE) for line in describe_change(ch, c.left, c.right)]
        if item.reason:
            lines.append(item.reason)
        level = "warning" if ch.severity == "low" else "error"
        out.append(command(level, "\n".join(lines),
                           title=f"{where}: {kind_word(ch.kind)} {ch.name}"))
    for rule in c.unused_rules:
        out.append(command("warning", f"the expectation {rule} matched nothing: remove it or "
                                      "fix its patterns",
                           title=f"{where}: unused expectation"))
    for e in c.stale_baseline:
        out.append(command("warning", f"{e['op']} {e['key']} is in the baseline but no longer "
                                      "seen: rewrite the baseline with `schemaparity baseline`",
                           title=f"{where}: stale baseline entry"))
    return out


def to_github(verdict: Verdict) -> str:
    out: list[str] = []
    for c in verdict.checks:
        out += _check_lines(c, verdict.mode)
    if verdict.mode == "diff":
        parts = [f"{c.left} -> {c.right}: {headline(c, 'diff')}" for c in verdict.checks]
        title = "schemaparity diff"
    else:
        parts = [f"{c.name}: {headline(c, 'check')}" for c in verdict.checks]
        n = sum(len(c.violations) for c in verdict.checks)
        title = "schemaparity: " + ("parity holds" if verdict.ok else plural(n, "violation"))
    out.append(command("notice", "\n".join(parts), title=title))
    return "\n".join(out) + "\n"
