"""Plans are resumable: killed after any step, the same file run again lands on the target,
and so does a new plan made from the half-migrated database.

The kill is simulated by running the rendered text up to the end of step k's span: a
transaction group left open there is rolled back when psql ends, as a killed session's is.
In the suite: every k of the cases below up to ``STEPS`` steps, an evenly spread sample of
larger ones. ``SCHEMAPARITY_RESUME_ALL=1`` runs every k of every case that plans.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from schemaparity.catalog import DumpOptions, dump
from schemaparity.diff import diff
from schemaparity.plan import PlanOptions, build
from schemaparity.plan.render import Rendered, to_sql
from schemaparity.scratch import ScratchServer
from schemaparity.source import catalog_from_sql, connect
from schemaparity.verify import apply_text, build_source

from .test_cases import CASES, CASES_DIR, read_case, rules_of

ALL = os.environ.get("SCHEMAPARITY_RESUME_ALL") == "1"
STEPS = 8  # cases with more steps run a sample of this many k
SAMPLE = [
    "check_expression", "column_not_null", "column_type", "enum_label_removed",
    "enum_swap_views", "fk_columns", "index_partial", "partition_added_removed",
    "partition_attach_detach_indexes", "pk_added", "table_added_removed",
    "unique_added_removed", "view_chain_rebuilt", "view_definition", "trigger_added_removed",
    "policy_using", "sequence_added_removed", "domain_check", "table_inherits",
    "rules_rename_schemas", "column_identity", "index_renamed", "constraint_renamed",
]
NAMES = [n for n in CASES if not read_case(n).get("plan")] if ALL else SAMPLE


def _ks(n: int) -> list[int]:
    if ALL or n <= STEPS:
        return list(range(1, n + 1))
    return sorted({1 + (n - 1) * i // (STEPS - 1) for i in range(STEPS)})


def _upto(rendered: Rendered, k: int) -> str:
    """The plan's text to the end of step k (1-based)."""
    last = rendered.lines[k - 1][1]
    return "\n".join(rendered.text.split("\n")[:last]) + "\n"


@pytest.mark.parametrize("name", NAMES)
def test_killed_plan_resumes(name: str, request: pytest.FixtureRequest) -> None:
    spec = read_case(name)
    server: ScratchServer = request.getfixturevalue(spec.get("server", "pg18"))
    folder = CASES_DIR / name
    a = catalog_from_sql(folder / "a.sql", server, DumpOptions(), create_roles=True)
    b = catalog_from_sql(folder / "b.sql", server, DumpOptions(), create_roles=True)
    rules = replace(rules_of(spec, False), column_order="ignore")
    options = PlanOptions(backfill=spec.get("backfill", {}), force=True)
    rendered = to_sql(build(a, b, options, rules))
    ks = _ks(len(rendered.lines))
    for k in ks:
        db = build_source(server, a, folder / "a.sql", create_roles=True)
        dsn = server.dsn(db)
        try:
            apply_text(server, dsn, _upto(rendered, k))  # then killed
            if k == ks[len(ks) // 2]:  # planned again from the half-migrated database
                with connect(dsn) as conn:
                    half = dump(conn, DumpOptions())
                apply_text(server, dsn, to_sql(build(half, b, options, rules)))
            else:
                apply_text(server, dsn, rendered)  # the same file, run again
            with connect(dsn) as conn:
                after = dump(conn, DumpOptions())
        finally:
            server.drop_database(db)
        residual = diff(after, b, rules, "after resume", "target")
        assert residual.identical, (k, rendered.lines[k - 1][2], [
            (c.op, c.key, [d.path for d in c.details]) for c in residual.changes])
