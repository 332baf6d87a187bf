"""The library API: every command of the tool as a function that returns data, never prints.

A SOURCE is a connection string, a ``.sql`` file (loaded into a scratch server) or a ``.json``
dump; wherever a SOURCE goes, a :class:`~schemaparity.model.Catalog` read before may go too::

    import schemaparity as sp

    d = sp.diff("dumps/llmops_core_oss.json", "dumps/llmops_core_ee.json")
    print(len(d.changes))
    plan = sp.plan("old.json", "new.json")          # a Plan: steps, phases, hazards
    result = sp.verify(plan, "old.sql", "new.sql")  # applied to a scratch copy
    assert result.ok

This module is also the one place that decides how a pair of SOURCEs is read
(:func:`read_pair`): two canonical dump files by their bytes (only differing lines are
parsed), two live databases by two processes, ``.sql`` files through one scratch server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemaparity import dumpfile, sqlite
from schemaparity.apimodules import install as install_api_modules
from schemaparity.catalog import DumpOptions
from schemaparity.checkpairs import read_pairs, sources_left
from schemaparity.config import CheckSpec, Config
from schemaparity.diff import Diff, compare
from schemaparity.model import Catalog
from schemaparity.normalize import Rules, normalize_pair
from schemaparity.parity import (
    Verdict,
    classify,
    converging,
    judge,
    load_baseline,
)
from schemaparity.settings import (
    check_spec,
    lint_settings,
    load_config,
    normalize_settings,
    only_checks,
    plan_settings,
)
from schemaparity.source import (
    ScratchOptions,
    cached_dump,
    describe,
    is_sqlite,
    kind_of,
    read_sql_text,
    resolve,
    resolve_all,
    resolve_lines,
    scratch_for,
)
from schemaparity.sqlite.crossengine import comparable, engines_differ

# The planner, verify, lint, stats and the database driver are imported by the functions
# that use them: a diff of two dumps loads none of them.
if TYPE_CHECKING:
    from schemaparity import lint as lint_mod
    from schemaparity.plan import PlanOptions
    from schemaparity.plan.steps import Plan
    from schemaparity.scratch import ScratchServer
    from schemaparity.verify import VerifyResult

    HAZARDS: tuple[str, ...]
    LintResult = lint_mod.Result
    LintSettings = lint_mod.Settings

Side = str | Catalog  # a SOURCE string, or a catalog read before


def __getattr__(name: str) -> Any:
    """``HAZARDS``, ``LintResult`` and ``LintSettings``, made when first asked for."""
    if name == "HAZARDS":
        from schemaparity.plan.steps import Hazard

        value: Any = tuple(sorted(h.value for h in Hazard))
    elif name in ("LintResult", "LintSettings"):
        from schemaparity import lint

        value = lint.Result if name == "LintResult" else lint.Settings
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


@dataclass(frozen=True)
class Pair:
    """Two catalogs to compare; ``fingerprints`` of the files when two canonical dumps were
    read by their bytes (their catalogs then hold only what differs, and its context)."""

    left: Catalog
    right: Catalog
    fingerprints: tuple[str, str] | None = None


@dataclass(frozen=True)
class Stats:
    """What a schema holds, counted (see :func:`schemaparity.stats.collect`)."""

    counts: Mapping[str, Any]


# ---------------------------------------------------------------- configuration


# ---------------------------------------------------------------- reading


def label(source: Side, fallback: str = "catalog") -> str:
    """How a SOURCE is named in reports: ``user@host/db``, a file's stem, or ``fallback``."""
    if isinstance(source, Catalog):
        return fallback
    return describe(source) if kind_of(source) == "dsn" else Path(source).stem


def _scratch(scratch: ScratchOptions | None, kw: Mapping[str, Any]) -> ScratchOptions:
    return scratch if scratch is not None else ScratchOptions(**kw)


def _sql_texts(sources: tuple[Side, ...], scratch: ScratchOptions | None = None
               ) -> list[str]:
    """The texts of the ``.sql`` SOURCEs that must be loaded (their dump is not cached)."""
    return [read_sql_text(Path(s)) for s in sources
            if isinstance(s, str) and kind_of(s) == "sql" and Path(s).exists()
            and cached_dump(s, DumpOptions(), scratch) is None]


@contextlib.contextmanager
def scratch_server(sources: tuple[Side, ...], scratch: ScratchOptions | None = None,
                   always: bool = False) -> Iterator[ScratchServer | None]:
    """One scratch server for the ``.sql`` SOURCEs among ``sources`` (with the extensions they
    create), or for ``always``; None when nothing needs one."""
    texts = _sql_texts(sources, scratch)
    if not texts and not always:
        yield None
        return
    with scratch_for(texts, scratch or ScratchOptions()) as server:
        yield server


def dump(source: str, options: DumpOptions | None = None,
         scratch: ScratchOptions | None = None, *, server: ScratchServer | None = None,
         **scratch_kw: Any) -> Catalog:
    """Read SOURCE into a :class:`Catalog` (``scratch_kw``: ScratchOptions' fields)."""
    return resolve(source, options, _scratch(scratch, scratch_kw), server=server)


def dump_lines(source: str, options: DumpOptions | None = None,
               scratch: ScratchOptions | None = None) -> dumpfile.Lines:
    """SOURCE as the canonical JSON lines of its dump, without keeping its objects."""
    return resolve_lines(source, options, scratch)


def read_pair(left: Side, right: Side, options: DumpOptions | None = None,
              scratch: ScratchOptions | None = None, *, rules: Rules | None = None,
              context: bool = False, whole: bool = False,
              server: ScratchServer | None = None) -> Pair:
    """Read two SOURCEs the fastest way that gives the same result.

    Two canonical dumps are compared by their bytes and only differing objects are built
    (``context``: also what a planner reads around them); two live databases are read by two
    processes, each keeping only the objects that differ (not with ``context``); otherwise
    both are read whole, ``.sql`` files on one scratch server (``server``, or one started
    for them). ``whole`` insists on whole catalogs; rename rules do too."""
    if isinstance(left, Catalog) and isinstance(right, Catalog):
        return Pair(left, right)
    renames = rules is not None and bool(rules.rename_schemas or rules.rename_tables)
    if isinstance(left, str) and isinstance(right, str) and not (whole or renames):
        if server is None:  # .sql sources whose dumps are cached are read as those dumps
            left, right = (str(cached_dump(s, options, scratch) or s) for s in (left, right))
        kinds = (kind_of(left), kind_of(right))
        if kinds == ("json", "json"):
            if not context:
                pair = dumpfile.load_changed_pair(left, right)
                if pair is not None:
                    return Pair(pair[0], pair[1])
            elif (planned := dumpfile.load_plan_pair(left, right)) is not None:
                return Pair(*planned)
        elif kinds == ("dsn", "dsn") and not context:
            from schemaparity.livepair import live_pair

            return Pair(*live_pair(left, right, options))
    wanted = {name: s for name, s in (("left", left), ("right", right)) if isinstance(s, str)}
    read = resolve_all(wanted, options, scratch, server)
    return Pair(*(s if isinstance(s, Catalog) else read[name]
                  for name, s in (("left", left), ("right", right))))


# ---------------------------------------------------------------- the commands


def diff(left: Side, right: Side, rules: Rules | None = None,
         options: DumpOptions | None = None, scratch: ScratchOptions | None = None,
         labels: tuple[str, str] | None = None) -> Diff:
    """How LEFT differs from RIGHT, under ``rules`` (ignores, renames, column order)."""
    pair = read_pair(left, right, options, scratch, rules=rules)
    names = labels or (label(left, "left"), label(right, "right"))
    a, b = pair.left, pair.right
    if engines_differ(a, b):  # SQLite against PostgreSQL: compare what both can express
        a, b = comparable(a, b)
    return compare(normalize_pair(a, b, rules), names[0], names[1])


def check(config: Config | str | Path | None = None, baseline: Path | None = None,
          scratch: ScratchOptions | None = None, *, on: dt.date | None = None,
          server: ScratchServer | None = None, names: tuple[str, ...] = ()) -> Verdict:
    """Run every check of the configuration (a Config, a file, or the one found here), or
    only the checks called ``names``: every source read once, all ``.sql`` files on one
    scratch server."""
    cfg = config if isinstance(config, Config) else load_config(config)
    if names:
        cfg = only_checks(cfg, names)
    entries = load_baseline(baseline or cfg.baseline)
    pairs = read_pairs(cfg)
    catalogs = resolve_all(sources_left(cfg, pairs), DumpOptions(),
                           scratch or ScratchOptions(), server)
    return judge(cfg, catalogs, entries, on, pairs)


def plan(source: Side, target: Side, options: PlanOptions | None = None,
         rules: Rules | None = None, scratch: ScratchOptions | None = None, *,
         labels: tuple[str, str] | None = None, fingerprints: tuple[str, str] | None = None,
         server: ScratchServer | None = None, check: CheckSpec | None = None,
         baseline: list[dict[str, str]] | None = None, on: dt.date | None = None) -> Plan:
    """The migration plan that turns SOURCE into TARGET (not yet judged for hazards: see
    :func:`schemaparity.plan.refused`). With ``check`` (see :func:`check_spec`) only what
    that check calls a violation or accepted drift (``baseline``) is planned, under its
    rules (column order aside: a plan cannot reorder columns) and the ignores of ``rules``,
    expected differences left alone."""
    from schemaparity.plan import build_normalized, fingerprint

    refuse_sqlite((source, target), scratch)
    names = labels or (plan_label(source, "source"), plan_label(target, "target"))
    if not (isinstance(source, Catalog) and isinstance(target, Catalog)):
        opened = (scratch_server((source, target), scratch) if server is None
                  else contextlib.nullcontext(server))
        with opened as srv:
            pair = read_pair(source, target, DumpOptions(), scratch, context=check is None,
                             whole=check is not None, server=srv)
        return plan(pair.left, pair.right, options, rules, labels=names, check=check,
                    fingerprints=fingerprints or pair.fingerprints, baseline=baseline, on=on)
    if check is not None:
        rules = replace(under_check(check, rules), column_order="ignore")
    pair_n = normalize_pair(source, target, rules)
    d = compare(pair_n, names[0], names[1])
    if check is not None:
        d = converging(classify(check, d, pair_n.left, pair_n.right, baseline, on), d)
    prints = fingerprints or (fingerprint(source), fingerprint(target))
    return build_normalized(pair_n, d, options, names, prints)


def under_check(check: CheckSpec, rules: Rules | None) -> Rules:
    """The rules of ``check``, with the ignores of ``rules`` (``-i``) added."""
    extra = tuple(p for p in (rules.ignore if rules else ()) if p not in check.rules.ignore)
    return replace(check.rules, ignore=check.rules.ignore + extra)


def refuse_sqlite(sides: tuple[Side, ...], scratch: ScratchOptions | None = None) -> None:
    """Plans and verify are for PostgreSQL: a SQLite side is refused in one line (exit 2)."""
    scratch = scratch or ScratchOptions()
    sqlite.refuse_plan(*(s for s in sides if isinstance(s, Catalog)))
    if any(isinstance(s, str) and is_sqlite(s, kind_of(s), scratch) for s in sides):
        sqlite.refuse_plan(Catalog(0, engine=sqlite.ENGINE))


def plan_label(source: Side, fallback: str) -> str:
    """How a plan names its ends: the SOURCE as given (a DSN as ``user@host/db``)."""
    if isinstance(source, Catalog):
        return fallback
    return describe(source) if kind_of(source) == "dsn" else source


def verify(plan: Plan | str, source: Side, target: Side, rules: Rules | None = None,
           scratch: ScratchOptions | None = None, *, seed_rows: int = 0,
           backfill: dict[str, str] | None = None, source_sql: Path | None = None,
           server: ScratchServer | None = None, check: CheckSpec | None = None,
           baseline: list[dict[str, str]] | None = None,
           on: dt.date | None = None, unresolved: dict[str, str] | None = None,
           adversarial: bool = False) -> VerifyResult:
    """Apply ``plan`` (a Plan or a plan's SQL text) to a scratch copy of SOURCE, built from
    its ``.sql`` (``source_sql`` when SOURCE is given as a catalog), and compare the result
    with TARGET; ``seed_rows`` rows a table first, then no kept row may be lost (and with
    ``adversarial``, rows that trip each condition the plan depends on). With
    ``check`` the result is judged by that check instead (under its rules and the ignores of
    ``rules``): its residual holds the check's violations only."""
    from schemaparity.verify import verify as verify_plan

    scratch = scratch or ScratchOptions()
    refuse_sqlite((source, target), scratch)
    if source_sql is None and isinstance(source, str) and kind_of(source) == "sql":
        source_sql = Path(source)
    if server is None:
        with scratch_server((source, target), scratch, always=True) as srv:
            assert srv is not None
            return verify(plan, source, target, rules, scratch, seed_rows=seed_rows,
                          backfill=backfill, source_sql=source_sql, server=srv, check=check,
                          baseline=baseline, on=on, unresolved=unresolved,
                          adversarial=adversarial)
    pair, source_db = _verify_pair(source, target, scratch, server)
    if check is not None:
        rules = under_check(check, rules)
    result = verify_plan(server, plan, pair.left, pair.right, rules, source_sql,
                         scratch.create_roles, seed_rows, backfill, adversarial,
                         unresolved, source_db=source_db)
    if check is None:
        return result
    # the changes left are judged against the sides as the check reads them (the objects
    # the plan left alone are the source's)
    normalized = normalize_pair(pair.left, pair.right, rules)
    judged = classify(check, result.residual, normalized.left, normalized.right, baseline, on)
    residual = Diff(result.residual.left, result.residual.right,
                    tuple(i.change for i in judged.violations))
    return replace(result, residual=residual)


def _verify_pair(source: Side, target: Side, scratch: ScratchOptions, server: ScratchServer
                 ) -> tuple[Pair, str | None]:
    """The sides verify compares, and the database a ``.sql`` SOURCE was loaded into to be
    read (verify's scratch copy then: the file is loaded once), None when it was not loaded
    (a cached dump, a dump file, a live database). TARGET is read meanwhile."""
    if not (isinstance(source, str) and kind_of(source) == "sql") \
            or is_sqlite(source, "sql", scratch) \
            or cached_dump(source, DumpOptions(), scratch, server) is not None:
        return read_pair(source, target, DumpOptions(), scratch, whole=True, server=server), None
    from concurrent.futures import ThreadPoolExecutor

    from schemaparity.verify import load_source

    def read_target() -> Catalog:
        return target if isinstance(target, Catalog) else resolve(target, DumpOptions(),
                                                                 scratch, server=server)

    with ThreadPoolExecutor(max_workers=1) as pool:
        # not side by side when roles are created: two loads would make the same one
        right = None if scratch.create_roles else pool.submit(read_target)
        name, left = load_source(server, Path(source), scratch.create_roles)
        try:
            return Pair(left, right.result() if right else read_target()), name
        except BaseException:
            server.drop_database(name)
            raise


def lint(source: Side, settings: lint_mod.Settings | None = None,
         options: DumpOptions | None = None, scratch: ScratchOptions | None = None
         ) -> lint_mod.Result:
    """The lint findings of SOURCE under ``settings`` (defaults: every rule)."""
    from schemaparity import lint as lint_mod

    catalog = source if isinstance(source, Catalog) else resolve(source, options, scratch)
    return lint_mod.run(catalog, settings)


def stats(source: Side, options: DumpOptions | None = None,
          scratch: ScratchOptions | None = None) -> Stats:
    """What SOURCE holds, counted: tables, columns, indexes by category, ..."""
    from schemaparity import stats as stats_mod

    catalog = source if isinstance(source, Catalog) else resolve(source, options, scratch)
    return Stats(stats_mod.collect(catalog))


install_api_modules()  # schemaparity.diff(...) calls diff() above, and so for the others

__all__ = [
    "HAZARDS", "LintResult", "LintSettings", "Pair", "Side", "Stats", "check", "check_spec",
    "diff", "dump", "dump_lines", "label", "lint", "lint_settings", "load_config",
    "normalize_settings", "plan", "plan_label", "plan_settings", "read_pair",
    "refuse_sqlite", "scratch_server", "stats", "under_check", "verify",
]
