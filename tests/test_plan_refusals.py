"""Refusals all at once, and backfill rules given by glob, against real servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemaparity.catalog import DumpOptions
from schemaparity.config import load
from schemaparity.normalize import Rules
from schemaparity.plan import PlanError, PlanOptions, UnsupportedChange, build
from schemaparity.plan.ops.backfill import backfill_rule, resolve_backfill
from schemaparity.plan.render import to_sql
from schemaparity.source import catalog_from_sql
from schemaparity.verify import VerifyFailed, verify

from .conftest import DUMPS, ROOT
from .test_cli import assert_one_line_error
from .test_cli import run as run_cli

NO_VERSION_TABLES = Rules.make(ignore=["table:*.alembic_version*"], column_order="ignore")

A = """
CREATE TABLE orgs (id int PRIMARY KEY);
CREATE TABLE project (id int PRIMARY KEY, name text);
CREATE TABLE task (id int PRIMARY KEY, title text, total int GENERATED ALWAYS AS (id * 2) STORED);
CREATE TABLE note (id int PRIMARY KEY, body text);
"""
B = """
CREATE TABLE orgs (id int PRIMARY KEY);
CREATE TABLE project (id int PRIMARY KEY, name text NOT NULL, org_id int NOT NULL);
CREATE TABLE task (id int PRIMARY KEY, title text, total int GENERATED ALWAYS AS (id * 3) STORED,
                   org_id int NOT NULL);
CREATE TABLE note (id int PRIMARY KEY, body text, org_id int NOT NULL);
"""


@pytest.fixture
def pair(tmp_path: Path, pg18):  # type: ignore[no-untyped-def]
    (tmp_path / "a.sql").write_text(A)
    (tmp_path / "b.sql").write_text(B)
    return (catalog_from_sql(tmp_path / "a.sql", pg18, DumpOptions()),
            catalog_from_sql(tmp_path / "b.sql", pg18, DumpOptions()), tmp_path)


def test_every_refusal_in_one_error(pair) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = pair
    with pytest.raises(PlanError) as err:
        build(a, b, PlanOptions())
    text = str(err.value)
    assert text.startswith("5 changes are not planned:"), text
    for column in ("public.project.name", "public.project.org_id", "public.task.org_id",
                   "public.note.org_id"):
        assert f"column:{column} " in text and f'\n  "{column}" = "EXPR"' in text, column
    assert "column:public.task.total: changing a generated expression" in text
    assert "4 backfill rule(s) missing" in text


def test_only_unsupported_changes_raise_unsupported(pair) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = pair
    rules = {"public.*.org_id": "1", "public.project.name": "'?'"}
    with pytest.raises(UnsupportedChange, match="changing a generated expression") as err:
        build(a, b, PlanOptions(backfill=rules))
    assert "backfill" not in str(err.value)


def test_the_real_pair_lists_every_missing_rule_at_once(pg18) -> None:
    """The convergence pair needs a rule per tenant column: one run names them all, and they
    are exactly the rules the project's config gives."""
    oss = catalog_from_sql(DUMPS / "llmops_core_oss.sql", pg18, DumpOptions())
    ee = catalog_from_sql(DUMPS / "llmops_core_ee.sql", pg18, DumpOptions())
    with pytest.raises(PlanError) as err:
        build(oss, ee, PlanOptions(), NO_VERSION_TABLES)
    named = {line.strip().split('"')[1] for line in str(err.value).splitlines()
             if line.endswith('= "EXPR"')}
    needed = set(load(ROOT / "schemaparity.toml").plan.backfill)
    assert len(named) > 1 and named == needed


def test_globs_and_their_precedence(pair, pg18) -> None:  # type: ignore[no-untyped-def]
    a, b, folder = pair
    rules = {"public.*.org_id": "(SELECT min(id) FROM public.orgs)",
             "public.note.org_id": "42", "public.project.name": "'unnamed'"}
    with pytest.raises(UnsupportedChange):
        build(a, b, PlanOptions(backfill=rules))  # the generated expression is still refused
    b2 = catalog_from_sql(_write(folder / "b2.sql", B.replace("id * 3", "id * 2")), pg18,
                          DumpOptions())
    plan = build(a, b2, PlanOptions(backfill=rules))
    text = to_sql(plan).text
    # project, task: the backfill and its hazard note, the pre-check and its message
    assert text.count("(SELECT min(id) FROM public.orgs)") == 2 * 4
    assert "42" in text
    result = verify(pg18, plan, a, b2, seed_rows=3, backfill=rules,
                    sql_file=folder / "a.sql")
    assert result.ok


def test_globs_that_disagree_are_refused(pair) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = pair
    rules = {"public.*.org_id": "1", "*.task.*": "2", "public.project.name": "'?'"}
    with pytest.raises(PlanError, match=r"public\.task\.org_id: the backfill rules \*\.task\.\*, "
                                        r"public\.\*\.org_id all match it"):
        build(a, b, PlanOptions(backfill=rules))
    assert backfill_rule({"public.*.org_id": "1", "*.*.org_id": "1"}, "public.t.org_id") == "1"
    assert backfill_rule({"public.*.org_id": "1"}, "other.t.org_id") is None


def test_resolve_backfill_expands_globs_over_the_target(pair) -> None:  # type: ignore[no-untyped-def]
    _, b, _ = pair
    rules = {"public.*.org_id": "1", "public.note.org_id": "2", "gone.t.c": "3"}
    assert resolve_backfill(rules, b) == {
        "public.note.org_id": "2", "gone.t.c": "3",
        "public.project.org_id": "1", "public.task.org_id": "1"}


def test_cli_lists_every_refusal_and_takes_globs(pair) -> None:  # type: ignore[no-untyped-def]
    _, _, folder = pair
    a, b = str(folder / "a.sql"), str(_write(folder / "b2.sql", B.replace("id * 3", "id * 2")))
    refused = run_cli("plan", a, b)
    assert refused.returncode == 1, refused.stderr
    assert "Traceback" not in refused.stderr
    assert refused.stderr.startswith("schemaparity: error: 4 changes are not planned:")
    assert refused.stderr.count('= "EXPR"') == 4
    ok = run_cli("plan", a, b, "--backfill", "public.*.org_id=7", "--backfill",
                 "public.project.name='x'", "--allow-hazards", "all", "--verify")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count("7") >= 3 and "verified" in ok.stderr
    assert_one_line_error(run_cli("plan", a, b, "--backfill", "*.org_id=1"),
                          "schema.table.column", "globs allowed")


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_null_rule_plans_for_empty_tables_behind_a_guard(pair, pg18) -> None:  # type: ignore[no-untyped-def]
    """``NULL`` as the rule: the plan lands on empty tables and stops at its first step,
    naming the table, when one has rows; for an existing column only NULLs stop it."""
    a, _, folder = pair
    b = catalog_from_sql(_write(folder / "b3.sql", B.replace("id * 3", "id * 2")), pg18,
                         DumpOptions())
    rules = {"public.*.org_id": "NULL", "public.project.name": "NULL"}
    plan = build(a, b, PlanOptions(backfill=rules))
    guards = [s for s in plan.steps if s.id.startswith("1.column.empty_guard:")]
    assert [s.key for s in guards] == ["column:public.note.org_id", "column:public.project.name",
                                       "column:public.project.org_id", "column:public.task.org_id"]
    assert verify(pg18, plan, a, b, sql_file=folder / "a.sql").ok
    # stopped by the pre-check phase, before the guard of the prepare phase
    with pytest.raises(VerifyFailed, match=r"step 0\.precheck\.not_null:public\.note\.org_id "
                                           r"failed: precheck failed: 2 rows of public\.note "
                                           r"left NULL in org_id \(made NOT NULL\): no backfill "
                                           r"rule fills it"):
        verify(pg18, plan, a, b, sql_file=folder / "a.sql", seed_rows=2)
    named = {"public.*.org_id": "1", "public.project.name": "NULL"}
    (folder / "a4.sql").write_text(A + "INSERT INTO project VALUES (1, 'named');\n")
    a4 = catalog_from_sql(folder / "a4.sql", pg18, DumpOptions())
    assert verify(pg18, build(a4, b, PlanOptions(backfill=named)), a4, b,
                  sql_file=folder / "a4.sql").ok  # rows, but none where name is NULL
    (folder / "a5.sql").write_text(A + "INSERT INTO project VALUES (1, 'named'), (2, NULL);\n")
    a5 = catalog_from_sql(folder / "a5.sql", pg18, DumpOptions())
    with pytest.raises(VerifyFailed, match=r"1 rows of public\.project left NULL in name"):
        verify(pg18, build(a5, b, PlanOptions(backfill=named)), a5, b, sql_file=folder / "a5.sql")
