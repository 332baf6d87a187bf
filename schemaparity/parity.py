"""Parity: classify every difference as expected, accepted (baseline) or a violation.

``equal`` holds when every difference is expected by a rule; ``left-subset`` also allows
whatever exists only on the right (every object of the left must exist identically on the
right). Rules also require: an object of ``only_left``/``only_right`` found on the other side
too, a column of ``absent_left``/``absent_right`` found on that side, a ``map_constraint`` half
without its other half, and an expectation that matches nothing (unless ``optional``) are
violations naming the rule. An expectation past its ``expires`` date no longer excuses
anything. A baseline accepts the violations of the day it was written, so CI fails only on new
drift; baseline entries that no longer match anything are reported as stale.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemaparity import model as m
from schemaparity.config import CheckSpec, Config, Expectation
from schemaparity.diff import Change, Diff, FieldChange, compare, diff
from schemaparity.errors import DumpFormatError
from schemaparity.files import write_output
from schemaparity.normalize import Pattern, column_key, normalize_pair
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
class ChangedPair:
    """A check's two sides holding only their differing objects, with every key of each."""

    left: m.Catalog
    right: m.Catalog
    keys: tuple[list[str], list[str]]


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
    def __init__(self, left: m.Catalog, right: m.Catalog,
                 keys: tuple[list[str], list[str]] | None = None) -> None:
        self.left, self.right = left, right
        self.keys = keys

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
        if exp.kind in ("absent_left", "absent_right"):
            # only the side that has them may show them: an added (removed) object, or order
            only = "added" if exp.kind == "absent_left" else "removed"
            return ((change.kind == "column_order" or change.op == only)
                    and self._ignored_columns(exp.patterns, change))
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
            return obj is not None and canonical_expr(obj.definition) == want_left
        if change.op == "added":
            obj = self.right.get(change.key)
            return obj is not None and canonical_expr(obj.definition) == want_right
        if change.op == "changed":
            for d in change.details:
                if d.path == "definition":
                    return (canonical_expr(d.left) == want_left
                            and canonical_expr(d.right) == want_right)
        return False

    def missing_half(self, exp: Expectation, change: Change) -> str | None:
        """For a constraint mapping matched by one half: the definition the other side's
        table lacks (a mapping needs both halves), else None."""
        if exp.kind != "map_constraint" or change.op == "changed":
            return None
        table = _table_of(change.key)
        side, want = ((self.right, exp.right_def) if change.op == "removed"
                      else (self.left, exp.left_def))
        found = any(f"{c.schema}.{c.table}" == table
                    and canonical_expr(c.definition) == canonical_expr(want)
                    for c in side.constraints.values())
        return None if found else str(want)


def _keys(catalog: m.Catalog) -> list[str]:
    """Every object key of ``catalog``, columns included."""
    keys = [k for objs in catalog.objects().values() for k in objs]
    keys += [column_key(t, c) for t in catalog.tables.values() for c in t.columns]
    return keys


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
             on: dt.date | None = None, *,
             keys: tuple[list[str], list[str]] | None = None) -> CheckResult:
    """Classify each change of ``d`` under ``spec``, then add what the contract rules find
    broken beyond the changes. ``left`` and ``right`` are the normalized pair ``d`` was made
    from (:func:`~schemaparity.normalize.normalize_pair`), never normalized again here;
    ``keys``: every key of each side when they hold only the differing objects."""
    on = on or today()
    matcher = _Matcher(left, right, keys)
    accepted = {(e.get("kind"), e.get("key"), e.get("op"), e.get("fingerprint"))
                for e in (baseline or []) if e.get("check") == spec.name}
    used: set[str] = set()
    used_baseline: set[tuple] = set()
    items = []
    judged = [_judge(spec, matcher, change, used, on) for change in d.changes]
    for item in (*judged, *_contract(spec, matcher, used)):
        if item.status == "violation":
            change = item.change
            fp = (change.kind, change.key, change.op, fingerprint(change))
            if fp in accepted:
                used_baseline.add(fp)
                item = Item(change, "accepted", "baseline", "accepted in the baseline")
        items.append(item)
    stale = tuple(
        {"check": spec.name, "kind": k, "key": key, "op": op}
        for k, key, op, fp in sorted(accepted - used_baseline, key=lambda t: tuple(map(str, t))))
    unused = tuple(e.id for e in spec.expect if e.id not in used)
    return CheckResult(spec.name, d.left, d.right, spec.relation, tuple(items), unused, stale)


def _judge(spec: CheckSpec, matcher: _Matcher, change: Change, used: set[str],
           on: dt.date) -> Item:
    """One change under the first expectation that matches it (``used`` collects them)."""
    for exp in spec.expect:
        if not matcher.matches(exp, change):
            continue
        used.add(exp.id)
        missing = matcher.missing_half(exp, change)
        if missing is not None:
            found, lacking = ((spec.right, spec.left) if change.op == "added"
                              else (spec.left, spec.right))
            return Item(change, "violation", exp.id,
                        f"{_named(exp)}: needs both halves, but {_table_of(change.key)} has "
                        f"this in {found} and no {missing} in {lacking}")
        if exp.expires is not None and exp.expires < on:
            return Item(change, "violation", exp.id,
                        f"expected until {exp.expires.isoformat()} ({exp.reason}): "
                        "the expectation has expired")
        return Item(change, "expected", exp.id, exp.reason)
    if spec.relation == "left-subset" and change.op == "added":
        return Item(change, "expected", "relation:left-subset",
                    "left-subset: the right may have more")
    return Item(change, "violation")


def _named(exp: Expectation) -> str:
    return f"{exp.id} ({exp.reason})"


def _contract(spec: CheckSpec, matcher: _Matcher, used: set[str]) -> list[Item]:
    """What the rules require beyond the changes: objects that must exist on one side only
    (or columns absent from one side) found on it, and expectations that match nothing."""
    names = {"left": spec.left, "right": spec.right}
    both = matcher.keys or (_keys(matcher.left), _keys(matcher.right))
    keys = {"left": both[0], "right": both[1]}
    out = []
    for exp in spec.expect:
        if exp.kind in ("only_left", "only_right", "absent_left", "absent_right"):
            only = {"only_left": "left", "absent_right": "left"}.get(exp.kind, "right")
            other = "left" if only == "right" else "right"
            where = (f"expected only in {names[only]}, found in {names[other]} too"
                     if exp.kind.startswith("only") else f"expected absent from {names[other]}")
            hits = list(filter(_any_of(exp.patterns), keys[other]))
            there = set(keys[only]) if hits else set()
            for key in hits:
                on_only = key in there
                change = Change(key.split(":", 1)[0], key, "changed", (FieldChange(
                    "present in", [n for s, n in names.items() if s == other or on_only],
                    [names[only]] if on_only else []),))
                out.append(Item(change, "violation", exp.id, f"{where}: {_named(exp)}"))
        if exp.id not in used and not exp.optional:
            change = Change("expectation", f"expectation:{exp.id}", "changed",
                            (FieldChange("differences matched", 0, "at least 1"),))
            out.append(Item(change, "violation", exp.id,
                            f"{_named(exp)} matched nothing (mark it optional = true if that "
                            "can be)"))
    return out


def _any_of(patterns: tuple[Pattern, ...]) -> Callable[[str], bool]:
    """``any(p.matches(key) for p in patterns)`` as one regular expression."""
    parts = [("[^:]*" if p.kind == "*" else re.escape(p.kind)) + ":" + fnmatch.translate(p.glob)
             for p in patterns]
    match = re.compile("|".join(f"(?:{part})" for part in parts) or "(?!)").match
    return lambda key: match(key) is not None


def converging(result: CheckResult, d: Diff) -> Diff:
    """The part of ``d`` that ``result`` (its classification) calls violations or accepted
    drift: what a plan toward parity changes, leaving expected differences alone."""
    wanted = {id(i.change) for i in result.items if i.status in ("violation", "accepted")}
    return Diff(d.left, d.right, tuple(c for c in d.changes if id(c) in wanted), d.renames)


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
          baseline: list[dict[str, str]] | None = None, on: dt.date | None = None,
          pairs: dict[int, ChangedPair] | None = None) -> Verdict:
    """Every check of ``config`` on the catalogs of :func:`needed_sources` (read by the
    caller), after one staleness check per committed dump that names its origin. A check
    whose index is in ``pairs`` is judged on the differing objects of its two dumps
    (:mod:`schemaparity.checkpairs`) instead."""
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
    for i, spec in enumerate(config.checks):
        if pairs and i in pairs:
            pair_c = pairs[i]
            pair = normalize_pair(pair_c.left, pair_c.right, spec.rules)
            d = compare(pair, spec.left, spec.right)
            results.append(classify(spec, d, pair.left, pair.right, baseline, on,
                                    keys=pair_c.keys))
            continue
        left, right = catalogs[spec.left], catalogs[spec.right]
        if spec.cross_engine is not None:
            left, right = comparable(left, right, spec.cross_engine)
        pair = normalize_pair(left, right, spec.rules)
        d = compare(pair, spec.left, spec.right)
        results.append(classify(spec, d, pair.left, pair.right, baseline, on))
    return Verdict(tuple(results))
