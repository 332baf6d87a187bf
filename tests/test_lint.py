"""Lint: every rule against a bad and a good schema (tests/cases_lint/<case>/, loaded into a
real PostgreSQL 18), the scenario dumps, settings and the command line."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from schemaparity import dumpfile, lint
from schemaparity.catalog import DumpOptions
from schemaparity.errors import UsageError
from schemaparity.report import formats
from schemaparity.scratch import ScratchServer
from schemaparity.source import catalog_from_sql

from .conftest import DUMPS
from .test_cli import assert_one_line_error, run

CASES = Path(__file__).resolve().parent / "cases_lint"
CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "case.toml").exists())


def _case(path: Path) -> tuple[str, list[str], lint.Settings]:
    spec = tomllib.loads((path / "case.toml").read_text())
    return spec["rule"], spec["bad"], lint.parse_config(spec.get("settings", {}))


def _objects(result: lint.Result, code: str) -> list[str]:
    return sorted(f.object for f in result.findings if f.code == code)


def test_every_rule_has_a_case() -> None:
    assert {_case(p)[0] for p in CASE_DIRS} == set(lint.RULES)


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_rule_case(case: Path, pg18: ScratchServer) -> None:
    code, expected, settings = _case(case)
    bad = lint.run(catalog_from_sql(case / "bad.sql", pg18, DumpOptions()), settings)
    assert _objects(bad, code) == sorted(expected)
    for f in bad.findings:
        if f.code == code:
            assert f.severity == lint.RULES[code].severity and f.message and f.hint
    good = lint.run(catalog_from_sql(case / "good.sql", pg18, DumpOptions()), settings)
    assert _objects(good, code) == [], [f.message for f in good.findings if f.code == code]


# ------------------------------------------------------------------ scenarios


def _lint(name: str, settings: lint.Settings | None = None) -> lint.Result:
    return lint.run(dumpfile.load(DUMPS / f"{name}.json"), settings)


def test_ee_core_flags_the_conflicting_duplicate_fk() -> None:
    result = _lint("llmops_core_ee")
    (f,) = [f for f in result.findings if f.code == "SP103"]
    assert f.object == "constraint:public.projects.fk_projects_organization_id"
    assert f.severity == "error"
    assert "fk_projects_organization_id ON DELETE SET NULL" in f.message
    assert "projects_organization_id_fkey ON DELETE CASCADE" in f.message
    assert result.exit_code == 1


def test_ee_core_flags_membership_tables() -> None:
    """The convergence document's review: EE's membership tables have surrogate keys only,
    nullable user and scope columns, no unique (user, scope) pair."""
    result = _lint("llmops_core_ee")
    members = ["table:public.organization_members", "table:public.project_members",
               "table:public.workspace_members"]
    assert _objects(result, "SP501") == members
    assert _objects(result, "SP502") == members
    nullable = {f.object: f.message for f in result.findings if f.code == "SP501"}
    assert "user_id, organization_id are nullable" in nullable[members[0]]
    unique = {f.object: f.message for f in result.findings if f.code == "SP502"}
    assert "(user_id, project_id) is not unique" in unique[members[1]]
    assert not _objects(_lint("llmops_core_oss"), "SP103")


def test_agent_api_passes_the_rls_rules() -> None:
    result = _lint("agent_api_rls", lint.Settings(require_rls=True))
    assert not [f for f in result.findings if f.code.startswith("SP6")]
    # the rules do run: with RLS off on one table, its policies apply no more
    cat = dumpfile.load(DUMPS / "agent_api_rls.json")
    users = cat.tables["table:public.users"]
    off = replace(cat, tables={**cat.tables, users.key: replace(users, rls_enabled=False)})
    again = lint.run(off, lint.Settings(require_rls=True))
    assert _objects(again, "SP602") == _objects(again, "SP603") == ["table:public.users"]


def test_orm_scenario_lists_fks_without_index() -> None:
    result = _lint("saas_control_plane")
    assert _objects(result, "SP101") == [
        "constraint:public.alerts.alerts_acknowledgedById_fkey",
        "constraint:public.team_invites.team_invites_invitedById_fkey",
        "constraint:public.team_members.team_members_invitedById_fkey",
    ]
    assert "index:public.team_members.team_members_tenantId_idx" in _objects(result, "SP202")
    f = next(f for f in result.findings if f.code == "SP101")
    assert f.hint == 'CREATE INDEX ON "public"."alerts" ("acknowledgedById");'


def test_clean_schema_and_ordering() -> None:
    assert _lint("agent_platform_oss").findings == ()
    result = _lint("llmops_core_ee")
    ranks = [lint.SEVERITIES.index(f.severity) for f in result.findings]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == 3
    assert lint.to_text(result, "x") == lint.to_text(_lint("llmops_core_ee"), "x")


def test_lint_formats_are_registered() -> None:
    result = _lint("llmops_core_oss")
    assert formats.names("lint") == ["text", "json"]
    assert formats.render("lint", "text", result, label="x") == lint.to_text(result, "x")
    assert formats.render("lint", "json", result, label="x") == lint.to_json(result, "x")


# ------------------------------------------------------------------ settings


def test_disable_allow_and_fail_on() -> None:
    base = lint.Settings()
    s = lint.with_options(base, disable=["fk-without-index,SP202"], allow=["SP401:public.sk*"])
    result = _lint("saas_control_plane", s)
    assert not _objects(result, "SP101") and not _objects(result, "SP202")
    # users.tenantId is NULL for platform admins, as the design document has it
    assert _objects(result, "SP401") == ["table:public.audit_logs", "table:public.users"]
    assert result.allowed == 1
    every = _lint("saas_control_plane", lint.with_options(base, allow=["*:*"]))
    assert every.findings == () and every.allowed == 18 and every.exit_code == 0
    by_key = lint.with_options(base, allow=["SP101:constraint:public.alerts.*"])
    assert len(_objects(_lint("saas_control_plane", by_key), "SP101")) == 2
    errors_only = _lint("saas_control_plane", lint.with_options(base, fail_on="error"))
    assert errors_only.findings and errors_only.exit_code == 0


def test_parse_config() -> None:
    s = lint.parse_config({"disable": ["SP403", "enum-unused"], "require_rls": True,
                           "tenant_columns": ["account_id"], "fail_on": "error",
                           "allow": ["SP101:public.legacy_*"]})
    assert s.disable == {"SP403", "SP702"} and s.require_rls and s.fail_on == "error"
    assert s.tenant_columns == ("account_id",) and s.allow[0].code == "SP101"
    for bad, needle in (({"colour": 1}, "unknown key 'colour'"),
                        ({"disable": ["SP999"]}, "unknown lint rule 'SP999'"),
                        ({"disable": "SP101,"}, "unknown lint rule"),
                        ({"fail_on": "fatal"}, "fail_on"),
                        ({"require_rls": "yes"}, "require_rls"),
                        ({"allow": ["SP101"]}, "CODE:OBJECTGLOB"),
                        ({"tenant_columns": [1]}, "list of strings")):
        with pytest.raises(UsageError, match=needle):
            lint.parse_config(bad)


def test_load_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert lint.load_settings(None) == lint.Settings()
    (tmp_path / "pyproject.toml").write_text('[tool.schemaparity.lint]\nfail_on = "info"\n')
    assert lint.load_settings(None).fail_on == "info"
    (tmp_path / "schemaparity.toml").write_text('[schemaparity.lint]\ndisable = ["nope"]\n')
    with pytest.raises(UsageError, match=r"schemaparity.toml: \[schemaparity.lint\].disable"):
        lint.load_settings(None)
    with pytest.raises(UsageError, match="no such file"):
        lint.load_settings("missing.toml")


def test_key_column() -> None:
    assert lint.key_column('"tenantId" DESC') == "tenantId"
    assert lint.key_column("name text_pattern_ops") == "name"
    assert lint.key_column('"we""ird"') == 'we"ird'
    assert lint.key_column("lower(display_name::text)") is None
    assert lint.key_column("(a + b)") is None


# ------------------------------------------------------------------ command line


def test_cli_exit_codes_and_formats(tmp_path: Path) -> None:
    clean = run("lint", str(DUMPS / "agent_platform_oss.json"))
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout == "agent_platform_oss: no findings\n"
    dirty = run("lint", str(DUMPS / "saas_control_plane.json"))
    assert dirty.returncode == 1, dirty.stderr
    assert "SP101 fk-without-index (warning): 3" in dirty.stdout
    assert "team_members_invitedById_fkey" in dirty.stdout
    relaxed = run("lint", str(DUMPS / "saas_control_plane.json"), "--fail-on", "error")
    assert relaxed.returncode == 0
    out = tmp_path / "lint.json"
    proc = run("lint", str(DUMPS / "llmops_core_ee.json"), "-f", "json", "-o", str(out))
    assert proc.returncode == 1 and proc.stdout == ""
    doc = json.loads(out.read_text())
    assert doc["summary"]["error"] == 7  # SP103 and the membership tables (SP501, SP502)
    assert doc["findings"][0]["code"] == "SP103"
    assert doc["findings"][0]["name"] == "fk-conflicting-actions"


def test_cli_errors(tmp_path: Path) -> None:
    source = str(DUMPS / "saas_control_plane.json")
    assert_one_line_error(run("lint", source, "--disable", "SP999"), "unknown lint rule 'SP999'")
    assert_one_line_error(run("lint", source, "--allow", "SP101"), "CODE:OBJECTGLOB")
    assert_one_line_error(run("lint", str(tmp_path / "nope.json")), "nope.json")
    assert_one_line_error(run("lint"), "needs a SOURCE")
    cfg = tmp_path / "lint.toml"
    cfg.write_text("[schemaparity.lint]\nrequire_rls = 1\n")
    assert_one_line_error(run("lint", source, "--config", str(cfg)), "require_rls")


def test_cli_sql_source_and_config(scratch_env: ScratchServer, tmp_path: Path) -> None:
    sql = tmp_path / "schema.sql"
    sql.write_text("create table parent (id int primary key);\n"
                   "create table child (id int primary key, parent_id int references parent);\n")
    proc = run("lint", str(sql))
    assert proc.returncode == 1, proc.stderr
    assert "constraint:public.child.child_parent_id_fkey" in proc.stdout
    cfg = tmp_path / "schemaparity.toml"
    cfg.write_text('[schemaparity.lint]\nallow = ["SP101:public.child.*"]\n')
    ok = run("lint", str(sql), "--config", str(cfg))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "(1 allowed)" in ok.stdout


def test_cli_list_rules() -> None:
    proc = run("lint", "--list-rules")
    assert proc.returncode == 0
    assert [line.split()[0] for line in proc.stdout.splitlines()] == sorted(lint.RULES)
