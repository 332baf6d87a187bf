"""Verify a plan: apply it to a scratch copy of the source, re-dump, diff against the target.

The source database is built from a ``.sql`` file when there is one, else from its catalog by
planning from an empty database to it (so the planner's create path runs on every verify).
The plan is applied as the reviewer sees it: the rendered file, run by psql with
ON_ERROR_STOP; a failure names the step. The result must diff empty against the target.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from schemaparity import feedback
from schemaparity import model as m
from schemaparity.catalog import DumpOptions, dump
from schemaparity.diff import Diff, diff
from schemaparity.errors import SchemaParityError
from schemaparity.normalize import Rules
from schemaparity.plan import PlanOptions, build, empty_catalog
from schemaparity.plan.render import to_sql
from schemaparity.plan.steps import Plan
from schemaparity.scratch import ScratchServer
from schemaparity.seed import SeedReport, row_counts, seed
from schemaparity.source import connect, load_sql, run_psql
from schemaparity.sqltext import quote_ident


class VerifyFailed(SchemaParityError):
    """The plan failed to apply, or did not land on the target (exit 1)."""

    exit_code = 1


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
    apply_text(server, dsn, to_sql(plan).text)


def _step_at(text: str, line: int) -> str | None:
    """The id of the step whose block holds ``line`` (from the "-- step ID" comments)."""
    current = None
    for n, row in enumerate(text.split("\n"), 1):
        if row.startswith("-- step "):
            current = row[len("-- step "):].strip()
        if n == line:
            return current
    return None


def apply_text(server: ScratchServer, dsn: str, text: str) -> None:
    """Run a plan's SQL text with psql (ON_ERROR_STOP); a failure names the step."""
    feedback.progress(f"applying the plan ({text.count(chr(10) + '-- step ')} steps) ...")
    feedback.sql(text, "plan")
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as fh:
        fh.write(text)
        path = Path(fh.name)
    try:
        error = run_psql(server, dsn, path)
    finally:
        path.unlink(missing_ok=True)
    if error is None:
        return
    if error.line is None:
        raise VerifyFailed(f"applying the plan failed: {error.message}")
    step = _step_at(text, error.line) or "(between steps)"
    raise VerifyFailed(f"step {step} failed: {error.message}")


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
           backfill: dict[str, str] | None = None) -> VerifyResult:
    """Apply ``plan`` (a Plan, or the text of a rendered plan) to a copy of ``source``.

    With ``seed_rows`` the copy first gets that many deterministic rows a table; afterwards
    no row of a kept table may be missing, and every row a backfill filled must hold its
    rule's value.
    """
    name = build_source(server, source, sql_file, create_roles)
    text = plan if isinstance(plan, str) else to_sql(plan).text
    try:
        dsn = server.dsn(name)
        checks: list[tuple[str, str, str]] = []
        before: dict[str, int] = {}
        seeded = None
        if seed_rows:
            feedback.progress(f"seeding {seed_rows} rows a table ...")
            with connect(dsn, autocommit=True) as conn:
                seeded = seed(conn, source, seed_rows)
                before = row_counts(conn, source)
                checks = _remember_nulls(conn, source, target, backfill or {})
        try:
            apply_text(server, dsn, text)
        except VerifyFailed as exc:
            if "more than one row returned by a subquery" in str(exc) and "backfill" in str(exc):
                raise VerifyFailed(
                    f"{exc}: the backfill rule can return more than one value per row; "
                    "name one deterministic source (a unique key, or ORDER BY a unique key "
                    "LIMIT 1) — schemaparity will not pick a tie-breaker for you") from None
            if "is duplicated" in str(exc) and seed_rows:
                raise VerifyFailed(
                    f"{exc}: after the backfills some rows collide on a unique key; merging them "
                    "means choosing which row wins, which schemaparity will not guess: "
                    "deduplicate first or change the backfill rules") from None
            raise
        problems: list[str] = []
        if seed_rows:
            with connect(dsn, autocommit=True) as conn:
                kept = m.Catalog.build(target.server_version, tables=[
                    t for k, t in target.tables.items() if k in before])
                after_counts = row_counts(conn, kept)
                for key, n in before.items():
                    if key in kept.tables and after_counts.get(key, 0) < n:
                        problems.append(f"{key}: {n - after_counts.get(key, 0)} of {n} rows lost")
                problems += _check_backfills(conn, checks)
                conn.execute("DROP SCHEMA IF EXISTS _schemaparity_verify CASCADE")
        with connect(dsn) as conn:
            after = dump(conn, DumpOptions())
    finally:
        server.drop_database(name)
    if problems:
        raise VerifyFailed("the plan lands but loses or mis-fills rows: " + "; ".join(problems))
    if 'SET SCHEMA "archive"' in text:  # --archive keeps dropped tables aside, on purpose
        from dataclasses import replace as _replace

        from schemaparity.normalize import parse_pattern

        base = rules or Rules()
        rules = _replace(base, ignore=base.ignore + (parse_pattern("schema:archive"),
                                                     parse_pattern("*:archive.*")))
    residual = diff(after, target, rules, "after plan", "target")
    return VerifyResult(residual, text.count("\n-- step "), seeded)


def _remember_nulls(conn, source: m.Catalog, target: m.Catalog,  # type: ignore[no-untyped-def]
                    backfill: dict[str, str]) -> list[tuple[str, str, str]]:
    """For each backfilled column: a table of the primary keys of rows it must fill."""
    conn.execute("CREATE SCHEMA IF NOT EXISTS _schemaparity_verify")
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
        keys = ", ".join(quote_ident(k) for k in pk)
        where = f"{quote_ident(col)} IS NULL" if t.column(col) is not None else "true"
        memo = f"_schemaparity_verify.fill_{n}"
        conn.execute(f"CREATE TABLE {memo} AS SELECT {keys} FROM "  # type: ignore[arg-type]
                     f"{quote_ident(schema, table)} WHERE {where}")
        out.append((column, rule, memo))
    return out


def _check_backfills(conn, checks: list[tuple[str, str, str]]) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    for column, rule, memo in checks:
        schema, table, col = column.split(".", 2)
        keys = [r[0] for r in conn.execute(  # type: ignore[arg-type]
            f"SELECT attname FROM pg_attribute WHERE attrelid = '{memo}'::regclass "
            "AND attnum > 0 ORDER BY attnum").fetchall()]
        match = " AND ".join(f"t.{quote_ident(k)} = f.{quote_ident(k)}" for k in keys)
        bad = conn.execute(  # type: ignore[arg-type]
            f"SELECT count(*) FROM {quote_ident(schema, table)} AS t JOIN {memo} AS f ON "
            f"{match} WHERE t.{quote_ident(col)} IS DISTINCT FROM ({rule})").fetchone()[0]
        if bad:
            problems.append(f"{column}: {bad} backfilled row(s) do not hold the rule's value")
    return problems
