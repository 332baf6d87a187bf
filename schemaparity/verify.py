"""Verify a plan: apply it to a scratch copy of the source, re-dump, diff against the target.

The source database is built from a ``.sql`` file when there is one, else from its catalog by
planning from an empty database to it (so the planner's create path runs on every verify).
The plan is applied as the reviewer sees it: the rendered file, run by psql with
ON_ERROR_STOP; a failure names the step. The result must diff empty against the target.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from schemaparity import model as m
from schemaparity.catalog import DumpOptions, dump
from schemaparity.diff import Diff, diff
from schemaparity.errors import SchemaParityError
from schemaparity.normalize import Rules
from schemaparity.plan import PlanOptions, build, empty_catalog
from schemaparity.plan.render import to_sql
from schemaparity.plan.steps import Plan
from schemaparity.scratch import ScratchServer
from schemaparity.source import connect, load_sql


class VerifyFailed(SchemaParityError):
    """The plan failed to apply, or did not land on the target (exit 1)."""

    exit_code = 1


@dataclass(frozen=True)
class VerifyResult:
    residual: Diff
    applied: int

    @property
    def ok(self) -> bool:
        return self.residual.identical


_ERROR = re.compile(r"^psql:(?P<file>.*?):(?P<line>\d+):\s*(?:ERROR|FATAL):\s*(?P<msg>.*)$")


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
    psql = server.psql()
    if psql is None:
        raise SchemaParityError("no psql found to apply the plan (install postgresql-client)")
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as fh:
        fh.write(text)
        path = Path(fh.name)
    try:
        proc = subprocess.run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn,
                               "-f", str(path)], capture_output=True, text=True,
                              env={"PATH": "/usr/bin:/bin", "LC_ALL": "C",
                                   "PGOPTIONS": "-c client_min_messages=warning"})
    finally:
        path.unlink(missing_ok=True)
    if proc.returncode == 0:
        return
    for line in proc.stderr.splitlines():
        match = _ERROR.match(line)
        if match:
            step = _step_at(text, int(match.group("line"))) or "(between steps)"
            raise VerifyFailed(f"step {step} failed: {match.group('msg').strip()}")
    tail = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    raise VerifyFailed(f"applying the plan failed: {tail[-1] if tail else 'psql failed'}")


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
           create_roles: bool = False) -> VerifyResult:
    """Apply ``plan`` (a Plan, or the text of a rendered plan) to a copy of ``source``."""
    name = build_source(server, source, sql_file, create_roles)
    try:
        dsn = server.dsn(name)
        apply_text(server, dsn, plan if isinstance(plan, str) else to_sql(plan).text)
        with connect(dsn) as conn:
            after = dump(conn, DumpOptions())
    finally:
        server.drop_database(name)
    residual = diff(after, target, rules, "after plan", "target")
    return VerifyResult(residual, plan.count("\n-- step ") if isinstance(plan, str)
                        else len(plan.steps))
