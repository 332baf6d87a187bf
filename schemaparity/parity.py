"""Parity: classify every difference as expected, accepted (baseline) or a violation.

``equal`` holds when every difference is expected by a rule; ``left-subset`` also allows
whatever exists only on the right (every object of the left must exist identically on the
right). An expectation past its ``expires`` date no longer excuses anything. A baseline
accepts the violations of the day it was written, so CI fails only on new drift; baseline
entries that no longer match anything are reported as stale.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemaparity import model as m
from schemaparity.config import CheckSpec, Config, Expectation
from schemaparity.diff import Change, Diff, diff
from schemaparity.errors import DumpFormatError
from schemaparity.files import write_output
from schemaparity.normalize import Pattern, normalize
from schemaparity.sqlite.crossengine import comparable
from schemaparity.sqltext import canonical_expr

STATUSES = ("violation", "accepted", "expected")
BASELINE_VERSION = 1


@dataclass(frozen=True)
class Item:
    change: Change
    status: str  # violation | accepted | expected | difference (plain diff)
    rule: str | None = None  # the expectation id, "relation:left-subset" or "baseline"
    reason: str | None = None


@dataclass(frozen=True)
class CheckResult:
    name: str
    left: str
    right: str
    relation: str  # equal | left-subset | diff
    items: tuple[Item, ...] = ()
    unused_rules: tuple[str, ...] = ()  # expectations that matched nothing
    stale_baseline: tuple[dict[str, str], ...] = ()

    @property
    def violations(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.status in ("violation", "difference"))

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)


@dataclass(frozen=True)
class Verdict:
    checks: tuple[CheckResult, ...]
    mode: str = "check"  # check | diff

    @property
    def ok(self) -> bool:
        return not any(c.violations for c in self.checks)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


def from_diff(d: Diff) -> Verdict:
    """A plain diff as a verdict: every change is a 'difference'."""
    items = tuple(Item(c, "difference") for c in d.changes)
    return Verdict((CheckResult("diff", d.left, d.right, "diff", items),), mode="diff")


# ---------------------------------------------------------------- matching


def _table_of(key: str) -> str:
    """``schema.table`` of a table-scoped key (column, constraint, index, ...)."""
    name = key.split(":", 1)[1]
    parts = name.split(".")
    return ".".join(parts[:2])


def _column_ignored(table: str, column: str, patterns: tuple[Pattern, ...]) -> bool:
    key = f"column:{table}.{column}"
    return any(p.matches(key) for p in patterns)


class _Matcher:
    def __init__(self, left: m.Catalog, right: m.Catalog) -> None:
        self.left, self.right = left, right

    def obj(self, change: Change) -> Any:
        if change.op == "removed":
            return self.left.get(change.key)
        return self.right.get(change.key) or self.left.get(change.key)

    def matches(self, exp: Expectation, change: Change) -> bool:
        if exp.kind == "only_left":
            return change.op == "removed" and any(p.matches(change.key) for p in exp.patterns)
        if exp.kind == "only_right":
            return change.op == "added" and any(p.matches(change.key) for p in exp.patterns)
        if exp.kind == "changed":
            if change.op != "changed" or not any(p.matches(change.key) for p in exp.patterns):
                return False
            return not exp.fields or {d.path for d in change.details} <= set(exp.fields)
        if exp.kind == "ignore_columns":
            return self._ignored_columns(exp.patterns, change)
        if exp.kind == "map_constraint":
            return self._mapped_constraint(exp, change)
        return False

    def _ignored_columns(self, patterns: tuple[Pattern, ...], change: Change) -> bool:
        if change.kind == "column":
            return any(p.matches(change.key) for p in patterns)
        table = _table_of(change.key)
        if change.kind == "column_order":
            left, right = change.details[0].left, change.details[0].right
            keep = lambda cols: [c for c in cols if not _column_ignored(table, c, patterns)]  # noqa: E731
            return keep(left) == keep(right)
        if change.kind in ("index", "constraint") and change.op in ("added", "removed"):
            obj = self.obj(change)
            cols = obj.columns if isinstance(obj, m.Constraint) else getattr(obj, "keys", ())
            if isinstance(obj, m.Constraint) and obj.type not in ("foreign key", "check"):
                return False  # keys of a table are mapped with map_constraint
            return bool(cols) and all(_column_ignored(table, c, patterns) for c in cols)
        return False

    def _mapped_constraint(self, exp: Expectation, change: Change) -> bool:
        if change.kind != "constraint" or exp.tables is None:
            return False
        if not exp.tables.matches(f"table:{_table_of(change.key)}"):
            return False
        want_left, want_right = canonical_expr(exp.left_def), canonical_expr(exp.right_def)
        if change.op == "removed":
            obj = self.left.get(change.key)
            return (obj is not None and canonical_expr(obj.definition) == want_left
                    and self._counterpart(self.right, obj, want_right))
        if change.op == "added":
            obj = self.right.get(change.key)
            return (obj is not None and canonical_expr(obj.definition) == want_right
                    and self._counterpart(self.left, obj, want_left))
        if change.op == "changed":
            for d in change.details:
                if d.path == "definition":
                    return (canonical_expr(d.left) == want_left
                            and canonical_expr(d.right) == want_right)
        return False


    @staticmethod
    def _counterpart(other: m.Catalog, obj: Any, want: str | None) -> bool:
        """The other side's table has a constraint of the mapped definition (or no table)."""
        if f"table:{obj.schema}.{obj.table}" not in other.tables:
            return True
        prefix = f"constraint:{obj.schema}.{obj.table}."
        return any(k.startswith(prefix) and canonical_expr(c.definition) == want
                   for k, c in other.constraints.items())

    def breach(self, exp: Expectation, change: Change) -> str | None:
        """Why ``change`` breaks the contract of ``exp`` though it looks like what ``exp``
        expects: a mapped constraint without its counterpart."""
        if exp.kind != "map_constraint" or change.kind != "constraint" or exp.tables is None:
            return None
        if not exp.tables.matches(f"table:{_table_of(change.key)}"):
            return None
        side, want, other = ((self.left, exp.left_def, "right") if change.op == "removed"
                             else (self.right, exp.right_def, "left"))
        obj = side.get(change.key)
        if obj is None or canonical_expr(obj.definition) != canonical_expr(want):
            return None
        mapped = exp.right_def if other == "right" else exp.left_def
        return f"{exp.reason}: the {other} side has no {mapped} on this table"

    def present(self, exp: Expectation) -> list[Change]:
        """Objects an ``only_left`` / ``only_right`` expectation says the other side lacks,
        found there."""
        if exp.kind not in ("only_left", "only_right"):
            return []
        side = self.right if exp.kind == "only_left" else self.left
        keys = [key for objs in side.objects().values() for key in objs]
        keys += [f"column:{t.schema}.{t.name}.{c.name}" for t in side.tables.values()
                 for c in t.columns]
        op = "added" if exp.kind == "only_left" else "removed"
        return [Change(key.split(":", 1)[0], key, op) for key in sorted(keys)
                if any(p.matches(key) for p in exp.patterns)]


# ---------------------------------------------------------------- baseline


def fingerprint(change: Change) -> str:
    payload = json.dumps([[d.path, d.left, d.right] for d in change.details], sort_keys=True,
                         default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def baseline_entry(check: str, change: Change) -> dict[str, str]:
    return {"check": check, "kind": change.kind, "key": change.key, "op": change.op,
            "fingerprint": fingerprint(change)}


def load_baseline(path: Path | None) -> list[dict[str, str]]:
    if path is None or not path.exists():
        return []
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DumpFormatError(f"{path}: not a valid baseline file: {exc}") from None
    if not isinstance(data, dict) or data.get("format_version") != BASELINE_VERSION:
        raise DumpFormatError(f"{path}: not a schemaparity baseline (format_version "
                              f"{BASELINE_VERSION} expected); rewrite it with "
                              "`schemaparity baseline`")
    entries = data.get("accepted", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise DumpFormatError(f"{path}: 'accepted' must be a list of objects")
    return entries


def write_baseline(path: Path, verdict: Verdict) -> int:
    """Accept every current violation; returns how many entries were written."""
    entries = [baseline_entry(c.name, i.change) for c in verdict.checks for i in c.items
               if i.status in ("violation", "accepted")]
    entries.sort(key=lambda e: (e["check"], e["kind"], e["key"], e["op"]))
    text = json.dumps({"format_version": BASELINE_VERSION, "accepted": entries}, indent=1,
                      sort_keys=True, ensure_ascii=False) + "\n"
    write_output(path, text)
    return len(entries)


# ---------------------------------------------------------------- the check


def today() -> dt.date:
    """The date expiries are judged by (``SCHEMAPARITY_TODAY`` overrides it, for tests)."""
    fixed = os.environ.get("SCHEMAPARITY_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def classify(spec: CheckSpec, d: Diff, left: m.Catalog, right: m.Catalog,
             baseline: list[dict[str, str]] | None = None,
             on: dt.date | None = None) -> CheckResult:
    """Classify each change of ``d`` (made from ``left`` and ``right``) under ``spec``."""
    on = on or today()
    matcher = _Matcher(normalize(left, spec.rules, "left"), normalize(right, spec.rules, "right"))
    accepted = {(e.get("kind"), e.get("key"), e.get("op"), e.get("fingerprint"))
                for e in (baseline or []) if e.get("check") == spec.name}
    used: set[str] = set()
    used_baseline: set[tuple] = set()
    items = []
    for change in d.changes:
        item = None
        for exp in spec.expect:
            if matcher.matches(exp, change):
                used.add(exp.id)
                if exp.expires is not None and exp.expires < on:
                    item = Item(change, "violation", exp.id,
                                f"expected until {exp.expires.isoformat()} ({exp.reason}): "
                                "the expectation has expired")
                else:
                    item = Item(change, "expected", exp.id, exp.reason)
                break
        if item is None:
            item = next((Item(change, "violation", exp.id, why) for exp in spec.expect
                         if (why := matcher.breach(exp, change)) is not None), None)
        if item is None and spec.relation == "left-subset" and change.op == "added":
            item = Item(change, "expected", "relation:left-subset",
                        "left-subset: the right may have more")
        if item is None or item.status == "violation":
            fp = (change.kind, change.key, change.op, fingerprint(change))
            if fp in accepted:
                used_baseline.add(fp)
                item = Item(change, "accepted", "baseline", "accepted in the baseline")
        items.append(item or Item(change, "violation"))
    for exp in spec.expect:  # "only on the right" also means "not on the left"
        other = "left" if exp.kind == "only_right" else "right"
        for change in matcher.present(exp):
            used.add(exp.id)
            items.append(Item(change, "violation", exp.id,
                              f"{exp.reason}: expected only on the {exp.kind[5:]}, but the "
                              f"{other} side has it"))
    stale = tuple(
        {"check": spec.name, "kind": k, "key": key, "op": op}
        for k, key, op, fp in sorted(accepted - used_baseline, key=lambda t: tuple(map(str, t))))
    unused = tuple(e.id for e in spec.expect if e.id not in used)
    return CheckResult(spec.name, d.left, d.right, spec.relation, tuple(items), unused, stale)


def needed_sources(config: Config) -> dict[str, str]:
    """The SOURCEs a check of ``config`` reads, by name (a dump's origin as ``NAME@origin``)."""
    needed: dict[str, str] = {}
    for spec in config.checks:
        for name in (spec.left, spec.right):
            needed[name] = config.sources[name].source
    for src in config.sources.values():
        if src.origin:
            needed[src.name] = src.source
            needed[f"{src.name}@origin"] = src.origin
    return needed


def judge(config: Config, catalogs: dict[str, m.Catalog],
          baseline: list[dict[str, str]] | None = None, on: dt.date | None = None) -> Verdict:
    """Every check of ``config`` on the catalogs of :func:`needed_sources` (read by the
    caller), after one staleness check per committed dump that names its origin."""
    results = []
    for src in sorted(config.sources.values(), key=lambda s: s.name):
        if src.origin and src.name in catalogs:
            stale = diff(catalogs[f"{src.name}@origin"], catalogs[src.name],
                         left_name=src.origin, right_name=src.source)
            results.append(CheckResult(
                f"stale:{src.name}", src.origin, src.source, "equal",
                tuple(Item(c, "violation", "stale-dump",
                           f"the committed dump differs from {src.origin}: refresh it")
                      for c in stale.changes)))
    for spec in config.checks:
        left, right = catalogs[spec.left], catalogs[spec.right]
        if spec.cross_engine is not None:
            left, right = comparable(left, right, spec.cross_engine)
        d = diff(left, right, spec.rules, spec.left, spec.right)
        results.append(classify(spec, d, left, right, baseline, on))
    return Verdict(tuple(results))
