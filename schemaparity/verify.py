"""Verify a plan: apply it to a scratch copy of the source, re-dump, diff against the target.

The source database is built from a ``.sql`` file when there is one, else from its catalog by
planning from an empty database to it (so the planner's create path runs on every verify).
The plan is applied as the reviewer sees it: the rendered file, run by psql with
ON_ERROR_STOP; a failure names the step. The result must diff empty against the target.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from schemaparity import feedback
from schemaparity import model as m
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
from schemaparity.seed import SeedReport, row_counts, seed
from schemaparity.source import connect, load_sql, run_psql
from schemaparity.verify_data import ledger

MEMO_SCHEMA = "_schemaparity_verify"


class VerifyFailed(SchemaParityError):
    """The plan failed to apply, or did not land on the target (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, step: str | None = None) -> None:
        super().__init__(message)
        self.step = step  # the id of the step that failed, when one did


@dataclass(frozen=True)
class VerifyResult:
    residual: Diff
    applied: int
    seeded: SeedReport | None = None

    @property
    def ok(self) -> bool:
        return self.residual.identical


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


def verify(server: ScratchServer, plan: Plan | str, source: m.Catalog, target: m.Catalog,
           rules: Rules | None = None, sql_file: Path | None = None,
           create_roles: bool = False, seed_rows: int = 0,
           backfill: dict[str, str] | None = None,
           unresolved: dict[str, str] | None = None) -> VerifyResult:
    """Apply ``plan`` (a Plan, or the text of a rendered plan) to a copy of ``source``.

    With ``seed_rows`` the copy first gets that many deterministic rows a table; afterwards
    no row of a kept table may be missing, and every row a backfill filled must hold its
    rule's value.
    """
    name = build_source(server, source, sql_file, create_roles)
    rendered = read(plan) if isinstance(plan, str) else to_sql(plan)
    try:
        dsn = server.dsn(name)
        checks: list[tuple[str, str, tuple[str, str]]] = []
        before: dict[str, int] = {}
        seeded = None
        if seed_rows:
            feedback.progress(f"seeding {seed_rows} rows a table ...")
            with connect(dsn, autocommit=True) as conn:
                seeded = seed(conn, source, seed_rows)
                before = row_counts(conn, source)
                data = ledger(conn, source, before, resolve_backfill(backfill or {}, target),
                              unresolved or {})
                checks = _remember_nulls(conn, source, target,
                                         resolve_backfill(backfill or {}, target))
        _apply_explained(server, dsn, rendered, seed_rows)
        problems: list[str] = []
        if seed_rows:
            with connect(dsn, autocommit=True) as conn:
                problems = _lost_rows(conn, target, before) + _check_backfills(conn, checks)
                problems += data.check(conn, rendered)
                conn.execute(sql("verify/drop_memo_schema",  # type: ignore[arg-type]
                                 schema=MEMO_SCHEMA))
        with connect(dsn) as conn:
            after = dump(conn, DumpOptions())
    finally:
        server.drop_database(name)
    if problems:
        raise VerifyFailed("the plan lands but loses or mis-fills rows: " + "; ".join(problems))
    broken = invalid_indexes(after)
    if broken:
        raise VerifyFailed("the plan leaves invalid indexes: " + "; ".join(broken))
    if any(kind_and_action(step) == ("table", "archive") for step in rendered.step_ids):
        rules = _ignoring_archive(rules or Rules())  # --archive keeps dropped tables aside
    residual = diff(after, target, rules, "after plan", "target")
    return VerifyResult(residual, len(rendered.lines), seeded)


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


def _apply_explained(server: ScratchServer, dsn: str, rendered: Rendered,
                     seed_rows: int) -> None:
    """Apply the plan; the failures a backfill rule causes get an explanation."""
    try:
        apply_text(server, dsn, rendered)
    except VerifyFailed as exc:
        backfilled = kind_and_action(exc.step or "") in (("column", "backfill"),
                                                         ("precheck", "not_null"))
        if "more than one row returned by a subquery" in str(exc) and backfilled:
            raise VerifyFailed(
                f"{exc}: the backfill rule can return more than one value per row; "
                "name one deterministic source (a unique key, or ORDER BY a unique key "
                "LIMIT 1) — schemaparity will not pick a tie-breaker for you", exc.step) from None
        if "is duplicated" in str(exc) and seed_rows:
            raise VerifyFailed(
                f"{exc}: after the backfills some rows collide on a unique key; merging them "
                "means choosing which row wins, which schemaparity will not guess: "
                "deduplicate first or change the backfill rules", exc.step) from None
        raise


def _lost_rows(conn, target: m.Catalog,  # type: ignore[no-untyped-def]
               before: dict[str, int]) -> list[str]:
    """Kept tables holding fewer rows than before the plan."""
    kept = m.Catalog.build(target.server_version, tables=[
        t for k, t in target.tables.items() if k in before])
    after_counts = row_counts(conn, kept)
    return [f"{key}: {n - after_counts.get(key, 0)} of {n} rows lost"
            for key, n in before.items()
            if key in kept.tables and after_counts.get(key, 0) < n]


def _remember_nulls(conn, source: m.Catalog, target: m.Catalog,  # type: ignore[no-untyped-def]
                    backfill: dict[str, str]) -> list[tuple[str, str, tuple[str, str]]]:
    """For each backfilled column: a table of the primary keys of rows it must fill."""
    conn.execute(sql("verify/memo_schema", schema=MEMO_SCHEMA))
    out = []
    for n, (column, rule) in enumerate(sorted(backfill.items())):
        schema, table, col = column.split(".", 2)
        t = source.tables.get(f"table:{schema}.{table}")
        if t is None:
            continue
        pk = next((c.columns for c in target.constraints.values() if c.schema == schema
                   and c.table == table and c.type == "primary key"), None)
        if not pk:
            continue
        memo = (MEMO_SCHEMA, f"fill_{n}")
        conn.execute(sql("verify/remember_nulls", memo=memo, keys=pk, schema=schema,
                         table=table, column=col, has_column=t.column(col) is not None))
        out.append((column, rule, memo))
    return out


def _check_backfills(conn,  # type: ignore[no-untyped-def]
                     checks: list[tuple[str, str, tuple[str, str]]]) -> list[str]:
    problems = []
    for column, rule, memo in checks:
        schema, table, col = column.split(".", 2)
        keys = [r[0] for r in conn.execute(sql("verify/memo_columns", memo=memo)).fetchall()]
        bad = conn.execute(sql("verify/wrongly_filled", schema=schema, table=table, memo=memo,
                               keys=keys, column=col, rule=rule)).fetchone()[0]
        if bad:
            problems.append(f"{column}: {bad} backfilled row(s) do not hold the rule's value")
    return problems
