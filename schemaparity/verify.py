"""Verify a plan: apply it to a scratch copy of the source, re-dump, diff against the target.

The source database is built from a ``.sql`` file when there is one, else from its catalog by
planning from an empty database to it (so the planner's create path runs on every verify).
The plan is applied as the reviewer sees it: the rendered file, statement by statement as
psql would run it (ON_ERROR_STOP), each step watched (``verify_observe``: time, locks,
rewrites, rows); a failure names the step. Seeded rows (``seed``, ``seed_adversarial``) are
accounted for afterwards (``verify_rows``). The result must diff empty against the target.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from schemaparity import feedback
from schemaparity import model as m
from schemaparity.apimodules import callable_module
from schemaparity.catalog import DumpOptions, dump
from schemaparity.diff import Diff, diff
from schemaparity.errors import SchemaParityError
from schemaparity.normalize import Rules, parse_pattern
from schemaparity.plan import PlanOptions, build, empty_catalog
from schemaparity.plan.ops.backfill import resolve_backfill
from schemaparity.plan.ops.tables import ARCHIVE_SCHEMA
from schemaparity.plan.render import Rendered, read, to_sql
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Plan, kind_and_action
from schemaparity.scratch import ScratchServer
from schemaparity.scratch.split import MetaCommand, SplitError
from schemaparity.seed import SeedReport, row_counts, seed
from schemaparity.seed_adversarial import Planted, plant
from schemaparity.source import connect, load_sql, read_live, run_psql
from schemaparity.verify_data import Ledger, ledger
from schemaparity.verify_observe import (
    MEMO_SCHEMA,
    Observed,
    StatementFailed,
    mismatches,
    observe,
)
from schemaparity.verify_rows import (
    TableMemo,
    TableRows,
    account,
    account_data_steps,
    primary_keys,
    remember,
)
from schemaparity.verify_rows import problems as row_problems

PRECHECK = "0.precheck."  # the ids of the steps of the pre-check phase
ADVERSARIAL_ROWS = 20  # rows a table --adversarial seeds at least


class VerifyFailed(SchemaParityError):
    """The plan failed to apply, or did not land on the target (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, step: str | None = None) -> None:
        super().__init__(message)
        self.step = step  # the id of the step that failed, when one did
        self.observed: Observed | None = None  # the steps watched up to the failure
        self.result: VerifyResult | None = None  # what verify saw, for its report


@dataclass(frozen=True)
class VerifyResult:
    residual: Diff
    applied: int
    seeded: SeedReport | None = None
    observed: Observed | None = None  # what each step did, as PostgreSQL saw it
    rows: tuple[TableRows, ...] = ()  # the row accounting of each kept table
    backfilled: tuple[tuple[str, int], ...] = ()  # (column, rows its rule filled)
    planted: tuple[Planted, ...] = ()  # --adversarial: each condition, planted or why not
    stopped: str | None = None  # the plan stopped in its pre-check phase, changing nothing
    seed_rows: int = 0

    @property
    def ok(self) -> bool:
        return self.stopped is not None or self.residual.identical


def apply(server: ScratchServer, dsn: str, plan: Plan) -> None:
    """Run the rendered plan with psql; on failure raise naming the step and the error."""
    apply_text(server, dsn, to_sql(plan))


def apply_text(server: ScratchServer, dsn: str, text: str | Rendered) -> None:
    """Run a plan's SQL (its text, or as rendered) with psql (ON_ERROR_STOP); a failure names
    the step."""
    rendered = read(text) if isinstance(text, str) else text
    feedback.progress(f"applying the plan ({len(rendered.lines)} steps) ...")
    feedback.sql(rendered.text, "plan")
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as fh:
        fh.write(rendered.text)
        path = Path(fh.name)
    try:
        error = run_psql(server, dsn, path)
    finally:
        path.unlink(missing_ok=True)
    if error is None:
        return
    if error.line is None:
        raise VerifyFailed(f"applying the plan failed: {error.message}")
    step = rendered.step_at(error.line)
    raise VerifyFailed(f"step {step or '(between steps)'} failed: {error.message}", step)


def build_source(server: ScratchServer, source: m.Catalog, sql_file: Path | None = None,
                 create_roles: bool = False) -> str:
    """A fresh database holding the source schema; returns its name."""
    name = server.create_database()
    dsn = server.dsn(name)
    if sql_file is not None:
        load_sql(server, dsn, sql_file, create_roles)
    else:
        create = build(empty_catalog(source.server_version), source,
                       PlanOptions(lock_timeout="0", statement_timeout="0"),
                       source_name="empty", target_name="source")
        apply(server, dsn, create)
    return name


def load_source(server: ScratchServer, sql_file: Path, create_roles: bool = False
                ) -> tuple[str, m.Catalog]:
    """Load a ``.sql`` source once into a fresh database and dump it: the catalog, and the
    database, which :func:`verify` then takes as its scratch copy (``source_db``) instead of
    loading the file a second time. The dump only reads, so the copy is the pristine source;
    the caller drops the database if it never reaches verify."""
    name = server.create_database()
    try:
        load_sql(server, server.dsn(name), sql_file, create_roles)
        return name, read_live(server.dsn(name), DumpOptions())
    except BaseException:
        server.drop_database(name)
        raise


@dataclass
class _Run:
    """What verify sets up before the plan runs, and what it sees while it runs."""

    seeded: SeedReport | None = None
    planted: list[Planted] = field(default_factory=list)
    memos: list[TableMemo] = field(default_factory=list)
    checks: list[tuple[str, str, tuple[str, str]]] = field(default_factory=list)
    before: m.Catalog | None = None  # the schema before the plan (--adversarial)
    observed: Observed | None = None
    stopped: str | None = None
    ledger: Ledger | None = None  # the data steps' account (delete rules, inserts)


def verify(server: ScratchServer, plan: Plan | str, source: m.Catalog, target: m.Catalog,
           rules: Rules | None = None, sql_file: Path | None = None,
           create_roles: bool = False, seed_rows: int = 0,
           backfill: dict[str, str] | None = None, adversarial: bool = False,
           unresolved: dict[str, str] | None = None,
           around_apply: Callable[[str], AbstractContextManager[object]] | None = None,
           source_db: str | None = None) -> VerifyResult:
    """Apply ``plan`` (a Plan, or the text of a rendered plan or any migration) to a copy of
    ``source``, watching each step (see :mod:`schemaparity.verify_observe`).

    With ``seed_rows`` the copy first gets that many deterministic rows a table; afterwards
    every row of a kept table must still be there with its kept columns unchanged, and every
    row a backfill filled must hold its rule's value. ``adversarial`` (seeding at least
    ``ADVERSARIAL_ROWS``) then changes rows to trip each condition the plan depends on: the
    plan must land with every row accounted for, or stop in its pre-check phase having
    changed nothing. ``unresolved`` (the backfill rules' ``unresolved``): rows a ``delete``
    rule removes are accounted for by :mod:`schemaparity.verify_data`, and so are inserts.
    ``around_apply(dsn)``: a context manager entered just before the plan runs and left
    just after (the tests run writers against the copy then).
    ``source_db``: a database holding the source, as :func:`load_source` left it (verify
    takes it over and drops it), instead of building one.
    """
    seed_rows = max(seed_rows, ADVERSARIAL_ROWS) if adversarial else seed_rows
    name = source_db or build_source(server, source, sql_file, create_roles)
    rendered = read(plan) if isinstance(plan, str) else to_sql(plan)
    run = _Run()
    rows: list[TableRows] = []
    filled: list[tuple[str, int]] = []
    problems: list[str] = []
    try:
        dsn = server.dsn(name)
        with connect(dsn, autocommit=True) as conn, _reporting(run, seed_rows):
            if seed_rows:
                _prepare(conn, dsn, run, source, target, seed_rows, adversarial,
                         resolve_backfill(backfill or {}, target), unresolved or {})
            with around_apply(dsn) if around_apply else nullcontext():
                _apply_watched(server, conn, dsn, rendered, run, adversarial)
            if seed_rows:
                rows, filled, problems = _account(conn, run, rendered)
        with connect(dsn) as conn:
            after = dump(conn, DumpOptions())
    finally:
        server.drop_database(name)
    result = VerifyResult(Diff("after plan", "target"), len(rendered.lines), run.seeded,
                          run.observed, tuple(rows), tuple(filled), tuple(run.planted),
                          run.stopped, seed_rows)
    try:
        return _judged(result, run, after, target, rules, rendered, problems)
    except VerifyFailed as exc:
        exc.result = result
        raise


@contextmanager
def _reporting(run: _Run, seed_rows: int) -> Iterator[None]:
    """A failure while the plan runs carries what was seen so far (for the report)."""
    try:
        yield
    except VerifyFailed as exc:
        exc.result = VerifyResult(Diff("source", "source"), 0, run.seeded, run.observed,
                                  planted=tuple(run.planted), seed_rows=seed_rows)
        raise


def _judged(result: VerifyResult, run: _Run, after: m.Catalog, target: m.Catalog,
            rules: Rules | None, rendered: Rendered, problems: list[str]) -> VerifyResult:
    """The result, or VerifyFailed for lost rows, invalid indexes, steps that do not do
    what they declare, or a pre-check stop that changed something."""
    if problems:
        what = "stops in pre-check" if run.stopped else "lands"
        raise VerifyFailed(f"the plan {what} but loses or mis-fills rows: " + "; ".join(problems)
                           + _conditions_on(run, " ".join(problems)))
    wrong = mismatches(run.observed) if run.observed else []
    if wrong:
        raise VerifyFailed("steps do not do what they declare: " + "; ".join(wrong))
    if run.stopped is not None:
        assert run.before is not None
        changed = diff(run.before, after, None, "before plan", "after plan")
        if not changed.identical:
            raise VerifyFailed(f"the plan {run.stopped}, but changed the schema first: "
                               f"{len(changed.changes)} difference(s)")
        return replace(result, residual=changed)
    broken = invalid_indexes(after)
    if broken:
        raise VerifyFailed("the plan leaves invalid indexes: " + "; ".join(broken))
    if any(kind_and_action(step) == ("table", "archive") for step in rendered.step_ids):
        rules = _ignoring_archive(rules or Rules())  # --archive keeps dropped tables aside
    return replace(result, residual=diff(after, target, rules, "after plan", "target"))


def _prepare(conn, dsn: str, run: _Run,  # type: ignore[no-untyped-def]
             source: m.Catalog, target: m.Catalog, seed_rows: int, adversarial: bool,
             backfill: dict[str, str], unresolved: dict[str, str]) -> None:
    """Seed (and plant), remember the schema (--adversarial) and each kept table's rows."""
    feedback.progress(f"seeding {seed_rows} rows a table ...")
    run.seeded = seed(conn, source, seed_rows, skew=adversarial)
    if adversarial:
        feedback.progress("planting rows that trip each condition the plan depends on ...")
        run.planted = plant(conn, source, target, run.seeded.rows)
        with connect(dsn) as other:
            run.before = dump(other, DumpOptions())
    conn.execute(sql("verify/memo_schema", schema=MEMO_SCHEMA))
    run.memos = remember(conn, source, target, MEMO_SCHEMA, set(backfill))
    run.checks = _remember_nulls(conn, source, target, backfill)
    run.ledger = ledger(conn, source, row_counts(conn, source), backfill, unresolved)


def _account(conn, run: _Run,  # type: ignore[no-untyped-def]
             rendered: Rendered) -> tuple[list[TableRows], list[tuple[str, int]], list[str]]:
    rows = account(conn, run.memos)
    filled, wrong = _check_backfills(conn, run.checks)
    deleted = run.ledger.deleted if run.ledger else {}
    # rows a delete rule removes on purpose are not lost: the ledger checks their number
    judged = [replace(r, lost=max(0, r.lost - deleted.get(r.table, 0))) for r in rows]
    problems = row_problems(judged) + wrong + account_data_steps(conn, rendered.step_ids)
    if run.ledger is not None:
        problems += run.ledger.check(conn, rendered)
    conn.execute(sql("verify/drop_memo_schema", schema=MEMO_SCHEMA))
    return rows, filled, problems


def _apply_watched(server: ScratchServer, conn, dsn: str,  # type: ignore[no-untyped-def]
                   rendered: Rendered, run: _Run, adversarial: bool) -> None:
    try:
        run.observed = observe_apply(server, conn, dsn, rendered)
    except VerifyFailed as exc:
        run.observed = exc.observed
        if adversarial and (exc.step or "").startswith(PRECHECK):
            run.stopped = f"stopped in its pre-check phase: {exc}"
            return
        explained = _explained(exc, run)
        explained.observed = exc.observed
        raise explained from None


def observe_apply(server: ScratchServer, conn, dsn: str,  # type: ignore[no-untyped-def]
                  rendered: Rendered) -> Observed:
    """Apply a plan (or any migration) watching each step; a failure names the step (or the
    statement). A file psql alone can run (meta-commands) is applied by psql, unwatched."""
    feedback.progress(f"applying the plan ({len(rendered.lines)} steps), watching each ...")
    feedback.sql(rendered.text, "plan")
    try:
        return observe(conn, dsn, rendered)
    except (MetaCommand, SplitError) as exc:
        apply_text(server, dsn, rendered)
        return Observed([], note=f"not watched (line {exc.line}: psql ran it): {exc}")
    except StatementFailed as exc:
        where = f"step {exc.step or '(between steps)'}" if rendered.lines else exc.step
        failed = VerifyFailed(f"{where} failed: {exc.message}", exc.step)
        failed.observed = exc.observed
        raise failed from None


def _conditions_on(run: _Run, text: str) -> str:
    """The planted conditions on the tables ``text`` names, as a suffix."""
    hits = [p.what for p in run.planted if p.planted and any(n in text for n in p.names)]
    return f" (adversarial rows: {'; '.join(hits)})" if hits else ""


def invalid_indexes(catalog: m.Catalog) -> list[str]:
    """The indexes PostgreSQL holds invalid (not used by queries, not enforcing uniqueness),
    each with why: partitions holding no index attached to it, or a failed build."""
    out = []
    for key, idx in sorted(catalog.indexes.items()):
        if idx.unattached:
            out.append(f"{key} is invalid: no index attached on {', '.join(idx.unattached)}")
        elif not idx.valid:
            out.append(f"{key} is invalid")
    return out


def _ignoring_archive(rules: Rules) -> Rules:
    return replace(rules, ignore=rules.ignore + (parse_pattern(f"schema:{ARCHIVE_SCHEMA}"),
                                                 parse_pattern(f"*:{ARCHIVE_SCHEMA}.*")))


def _explained(exc: VerifyFailed, run: _Run) -> VerifyFailed:
    """The failure, with what a backfill rule or a planted row has to do with it."""
    planted = _conditions_on(run, f"{exc.step} {exc}")
    if planted:
        return VerifyFailed(f"{exc}{planted}: the plan neither handles these rows nor stops "
                            "in its pre-check phase before changing anything", exc.step)
    backfilled = kind_and_action(exc.step or "") in (("column", "backfill"),
                                                     ("precheck", "not_null"))
    if "more than one row returned by a subquery" in str(exc) and backfilled:
        return VerifyFailed(
            f"{exc}: the backfill rule can return more than one value per row; "
            "name one deterministic source (a unique key, or ORDER BY a unique key "
            "LIMIT 1) — schemaparity will not pick a tie-breaker for you", exc.step)
    if "is duplicated" in str(exc) and run.seeded is not None:
        return VerifyFailed(
            f"{exc}: after the backfills some rows collide on a unique key; merging them "
            "means choosing which row wins, which schemaparity will not guess: "
            "deduplicate first or change the backfill rules", exc.step)
    return exc


def _remember_nulls(conn, source: m.Catalog, target: m.Catalog,  # type: ignore[no-untyped-def]
                    backfill: dict[str, str]) -> list[tuple[str, str, tuple[str, str]]]:
    """For each backfilled column: a table of the primary keys of rows it must fill."""
    conn.execute(sql("verify/memo_schema", schema=MEMO_SCHEMA))
    out = []
    pks = primary_keys(target)
    for n, (column, rule) in enumerate(sorted(backfill.items())):
        schema, table, col = column.split(".", 2)
        t = source.tables.get(f"table:{schema}.{table}")
        if t is None:
            continue
        pk = pks.get(t.key)
        if not pk:
            continue
        memo = (MEMO_SCHEMA, f"fill_{n}")
        conn.execute(sql("verify/remember_nulls", memo=memo, keys=pk, schema=schema,
                         table=table, column=col, has_column=t.column(col) is not None))
        out.append((column, rule, memo))
    return out


def _check_backfills(conn,  # type: ignore[no-untyped-def]
                     checks: list[tuple[str, str, tuple[str, str]]]
                     ) -> tuple[list[tuple[str, int]], list[str]]:
    """Each backfilled column with the rows its rule filled; the columns holding rows
    that do not hold the rule's value."""
    filled, problems = [], []
    for column, rule, memo in checks:
        schema, table, col = column.split(".", 2)
        keys = [r[0] for r in conn.execute(sql("verify/memo_columns", memo=memo)).fetchall()]
        bad, rows = conn.execute(sql("verify/wrongly_filled", schema=schema, table=table,
                                     memo=memo, keys=keys, column=col, rule=rule)).fetchone()
        filled.append((column, rows))
        if bad:
            problems.append(f"{column}: {bad} backfilled row(s) do not hold the rule's value")
    return filled, problems


callable_module(__name__)  # schemaparity.verify(...) calls the API function
