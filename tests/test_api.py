"""The library API on the example schemas, without click: each function returns real data.

Also: the plan and lint commands read their own config table through the one loader and
reject a typo in it, and an unexpected exception in any command is exit 3, not 1."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

import schemaparity
from schemaparity import api, dumpfile, feedback
from schemaparity.catalog import DumpOptions
from schemaparity.cli import main
from schemaparity.config import ConfigError, PlanConfig
from schemaparity.diff import Diff
from schemaparity.model import Catalog
from schemaparity.normalize import Rules
from schemaparity.parity import Verdict
from schemaparity.plan import PlanOptions, refused
from schemaparity.plan.render import to_sql
from schemaparity.plan.steps import Plan
from schemaparity.scratch import ScratchServer

from .conftest import DUMPS, ROOT
from .test_cli import assert_one_line_error
from .test_cli import run as run_cli

OSS, EE = str(DUMPS / "llmops_core_oss.json"), str(DUMPS / "llmops_core_ee.json")
NO_VERSIONS = Rules.make(ignore=["table:*.alembic_version*"], column_order="ignore")


def test_dump_reads_a_dump_and_a_sql_file(pg18: ScratchServer) -> None:
    committed = api.dump(OSS)
    assert isinstance(committed, Catalog) and "table:public.users" in committed.tables
    fresh = api.dump(str(DUMPS / "llmops_core_oss.sql"), server=pg18)
    assert set(fresh.tables) == set(committed.tables)
    assert not api.diff(fresh, committed, NO_VERSIONS).changes
    # the package's dump keeps its signature: dump(source, options, **scratch options)
    only = schemaparity.dump(OSS, DumpOptions(schemas=("public",)), create_roles=False)
    assert set(only.tables) == set(committed.tables)


def test_diff_counts_what_the_readme_shows() -> None:
    d = api.diff(OSS, EE, Rules.make(ignore=["table:*.alembic_version*"]))
    assert isinstance(d, Diff)
    assert (d.left, d.right) == ("llmops_core_oss", "llmops_core_ee")
    assert len(d.changes) == 41  # README: "41 differences"
    assert len(schemaparity.diff(OSS, EE).changes) == 43  # plus the two version tables


def test_a_pair_of_dumps_is_read_by_bytes_and_diffs_as_the_whole_catalogs() -> None:
    fast = api.read_pair(OSS, EE)
    whole = api.read_pair(OSS, EE, whole=True)
    assert len(fast.left.tables) < len(whole.left.tables)  # only what differs was built
    assert whole.left.tables == api.dump(OSS).tables
    assert api.diff(fast.left, fast.right).changes == api.diff(whole.left, whole.right).changes


def test_check_runs_the_repository_config(pg18: ScratchServer) -> None:
    verdict = api.check(ROOT / "schemaparity.toml", on=dt.date(2026, 11, 23), server=pg18)
    assert isinstance(verdict, Verdict) and verdict.ok and verdict.exit_code == 0
    assert [c.name for c in verdict.checks] == [
        "stale:agent_cloud", "agent-platform", "agent-platform-local", "llmops-tracing",
        "llmops-core"]
    assert sum(c.count("expected") for c in verdict.checks) > 0


def test_plan_and_verify_the_core_convergence(pg18: ScratchServer) -> None:
    settings = api.load_config(ROOT / "schemaparity.toml").plan
    backfill, unresolved = settings.backfill, settings.unresolved
    options = PlanOptions(backfill=backfill, unresolved=unresolved, inserts=settings.inserts,
                          archive=True)
    plan = api.plan(OSS, EE, options, NO_VERSIONS)
    assert isinstance(plan, Plan) and len(plan.steps) > 50
    assert refused(plan, set()) and not refused(plan, {"all"})
    whole = api.plan(api.dump(OSS), api.dump(EE), options, NO_VERSIONS, labels=(OSS, EE))
    assert to_sql(whole).text == to_sql(plan).text  # dump bytes or whole catalogs: same plan
    oss_sql, ee_sql = str(DUMPS / "llmops_core_oss.sql"), str(DUMPS / "llmops_core_ee.sql")
    result = api.verify(plan, oss_sql, ee_sql, NO_VERSIONS, seed_rows=5, backfill=backfill,
                        unresolved=unresolved, server=pg18)
    assert result.ok and result.applied == len(plan.steps)
    assert result.seeded is not None
    nothing = api.plan(OSS, OSS, PlanOptions(), NO_VERSIONS)
    missed = api.verify(nothing, oss_sql, ee_sql, NO_VERSIONS, server=pg18)
    assert not missed.ok and len(missed.residual.changes) == len(
        api.diff(OSS, EE, NO_VERSIONS).changes)


def test_lint_and_stats() -> None:
    result = api.lint(OSS)
    assert result.findings and result.exit_code == 1
    assert {f.code for f in result.findings} >= {"SP101", "SP401"}
    quiet = api.lint(OSS, api.LintSettings(disable=frozenset(f.code for f in result.findings)))
    assert not quiet.findings and quiet.exit_code == 0
    counts = api.stats(OSS).counts
    assert counts["tables"]["total"] == len(dumpfile.load(OSS).tables)


# ---------------------------------------------------------------- configuration


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_feature_sections_load_alone_and_never_swallow_errors(in_tmp: Path) -> None:
    assert api.plan_settings() == PlanConfig()  # no file at all
    (in_tmp / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert api.plan_settings() == PlanConfig()  # a pyproject without our table
    (in_tmp / "schemaparity.toml").write_text(
        '[schemaparity.plan]\nbatch_size = 50\nallow_hazards = ["index_build"]\n'
        '[[schemaparity.checks]]\nleft = "nope"\n')  # a broken check is not plan's concern
    assert api.plan_settings() == PlanConfig(allow_hazards=("index_build",), batch_size=50)
    (in_tmp / "schemaparity.toml").write_text("[schemaparity.plan]\nbatch_sise = 50\n")
    with pytest.raises(ConfigError, match=r"schemaparity.toml: \[schemaparity.plan\]: "
                                          r"unknown key 'batch_sise'"):
        api.plan_settings()
    (in_tmp / "schemaparity.toml").write_text('[schemaparity.plan]\nallow_hazards = ["x"]\n')
    with pytest.raises(ConfigError, match="unknown hazard 'x'"):
        api.plan_settings()
    with pytest.raises(ConfigError, match="unknown hazard 'x'"):
        api.load_config()  # check rejects it as plan does
    (in_tmp / "schemaparity.toml").write_text('[schemaparity.lint]\nfail_on = "never"\n')
    with pytest.raises(ConfigError, match=r"\[schemaparity.lint\].fail_on"):
        api.lint_settings()


def test_plan_command_rejects_a_typo_in_its_config(in_tmp: Path) -> None:
    (in_tmp / "schemaparity.toml").write_text("[schemaparity.plan]\nbackfil = {}\n")
    assert_one_line_error(run_cli("plan", OSS, EE, "--allow-hazards", "all"),
                          "unknown key 'backfil'")
    assert_one_line_error(run_cli("verify", str(in_tmp / "schemaparity.toml"), OSS, EE),
                          "unknown key 'backfil'")
    (in_tmp / "schemaparity.toml").write_text("[schemaparity.plan]\nbatch_size = 7\n")
    same = str(DUMPS / "kitchen_sink.json"), str(DUMPS / "kitchen_sink_reordered.json")
    ok = run_cli("plan", *same)
    assert ok.returncode == 0 and ok.stdout.startswith("--"), ok.stderr


# ---------------------------------------------------------------- exit codes


@pytest.fixture
def quiet_feedback() -> Iterator[None]:
    yield
    feedback.configure()  # -v in one test must not leak into the next


def test_an_internal_error_is_exit_3_naming_the_command(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        quiet_feedback: None) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(api, "diff", boom)
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", OSS, EE])
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "schemaparity diff: internal error: RuntimeError: something nobody expected "
        "(run with -v to see the traceback)"]
    with pytest.raises(SystemExit) as exit_info:
        main(["-v", "diff", OSS, EE])
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "in boom" in err
    assert err.splitlines()[-1] == ("schemaparity diff: internal error: RuntimeError: "
                                    "something nobody expected")


def test_user_errors_stay_exit_2_and_differences_exit_1(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", OSS, "missing.json"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == "schemaparity: error: missing.json: no such file\n"
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", OSS, EE])
    assert exit_info.value.code == 1
