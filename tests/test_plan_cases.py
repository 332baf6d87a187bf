"""The planner over every data-driven case: a -> b and b -> a each land exactly.

For each folder of tests/cases the plan from a to b is applied to a scratch copy of a
(loaded from a.sql) and the result must show no difference to b; then the same from b to a.
A case whose change the planner refuses on purpose says so in case.toml (``plan`` /
``plan_back`` = the text of the error). A dozen representative cases also hold
``expected.plan.sql``: the generated SQL, compared byte for byte.

While the a -> b plan runs, writers insert and update rows of every table the source and
the target share (``tests/case_writers.py``): no write may wait longer than the plan's
``lock_timeout`` (plus a margin), every row they committed must be there after, and the
plan must still land. A case with no such table runs without writers.
``SCHEMAPARITY_WRITERS_BOTH=1`` runs them during b -> a too (by hand).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from schemaparity.catalog import DumpOptions
from schemaparity.errors import SchemaParityError
from schemaparity.plan import PlanOptions, build
from schemaparity.plan.render import to_sql
from schemaparity.source import catalog_from_sql
from schemaparity.verify import verify

from .case_writers import CaseWriters
from .test_cases import CASES, CASES_DIR, read_case, rules_of

UPDATE = os.environ.get("SCHEMAPARITY_UPDATE_EXPECTED") == "1"
WRITERS_BOTH = os.environ.get("SCHEMAPARITY_WRITERS_BOTH") == "1"
# the cases whose generated SQL is compared byte for byte: those holding expected.plan.sql
GOLDEN = sorted(p.parent.name for p in CASES_DIR.glob("*/expected.plan.sql"))


def _plan_and_verify(server, spec: dict, folder: Path, reverse: bool) -> str:  # type: ignore[no-untyped-def]
    first, second = ("b.sql", "a.sql") if reverse else ("a.sql", "b.sql")
    a = catalog_from_sql(folder / first, server, DumpOptions(), create_roles=True)
    b = catalog_from_sql(folder / second, server, DumpOptions(), create_roles=True)
    rules = rules_of(spec, reverse)
    from dataclasses import replace

    rules = replace(rules, column_order="ignore")  # added columns are appended
    backfill = spec.get("backfill_back" if reverse else "backfill", {})
    plan = build(a, b, PlanOptions(backfill=backfill, force=True), rules)
    rendered = to_sql(plan)
    writers = CaseWriters(a, b, plan, f"{folder.name} {first} -> {second}", rendered)
    run_writers = writers.targets and (WRITERS_BOTH or not reverse)
    result = verify(server, plan, a, b, rules, folder / first, create_roles=True,
                    around_apply=writers.around if run_writers else None)
    assert result.ok, [(c.op, c.key, [d.path for d in c.details])
                       for c in result.residual.changes]
    return rendered.text


@pytest.mark.parametrize("reverse", [False, True], ids=["a-to-b", "b-to-a"])
@pytest.mark.parametrize("name", CASES)
def test_plan_lands(name: str, reverse: bool, request: pytest.FixtureRequest) -> None:
    spec = read_case(name)
    # by hand, SCHEMAPARITY_CASES_SERVER=pg15 plans every case on the other server
    server = request.getfixturevalue(spec.get("server", os.environ.get(
        "SCHEMAPARITY_CASES_SERVER", "pg18")))
    folder = CASES_DIR / name
    refusal = spec.get("plan_back") if reverse else None
    refusal = refusal or spec.get("plan")
    if refusal:
        with pytest.raises(SchemaParityError, match=refusal):
            _plan_and_verify(server, spec, folder, reverse)
        return
    text = _plan_and_verify(server, spec, folder, reverse)
    golden = folder / "expected.plan.sql"
    if name in GOLDEN and not reverse:
        if UPDATE:
            golden.write_text(text, "utf-8")
        assert golden.read_text("utf-8") == text, (
            f"{golden} differs; if the change is right, rewrite it with "
            "SCHEMAPARITY_UPDATE_EXPECTED=1 and read it")


def test_golden_cases_exist() -> None:
    assert len(GOLDEN) >= 15
    for name in GOLDEN:
        assert name in CASES, name
