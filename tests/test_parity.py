"""Parity rules, configuration and the check / diff / baseline commands."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from schemaparity import dumpfile
from schemaparity.api import check
from schemaparity.config import ConfigError, load, parse
from schemaparity.diff import compare, diff
from schemaparity.normalize import Rules, normalize_pair
from schemaparity.parity import classify

from .conftest import DUMPS, ROOT
from .test_cli import assert_one_line_error
from .test_cli import run as run_cli

AGENT_RULES = {
    "sources": {"oss": "dumps/agent_platform_oss.json", "cloud": "dumps/agent_platform_cloud.json"},
    "checks": [{
        "name": "agent", "left": "oss", "right": "cloud",
        "expect": [
            {"reason": "cloud-only tables", "only_right": [
                "table:public.organizations", "table:public.identity_accounts",
                "table:public.api_keys", "table:public.iam_policies"]},
            {"reason": "tenant columns", "ignore_columns": ["*.org_id", "*.owner_scope"]},
            {"reason": "slug key", "map_constraint": {"left": "UNIQUE (slug)",
                                                      "right": "UNIQUE (org_id, slug)"}},
        ],
    }],
}


def load_dump(name: str):
    return dumpfile.load(DUMPS / f"{name}.json")


def agent_check(oss=None, cloud=None, rules=AGENT_RULES, on=None, baseline=None):
    cfg = parse(json.loads(json.dumps(rules)), ROOT / "schemaparity.toml")
    spec = cfg.checks[0]
    pair = normalize_pair(oss or load_dump("agent_platform_oss"),
                          cloud or load_dump("agent_platform_cloud"), spec.rules)
    return classify(spec, compare(pair, "oss", "cloud"), pair.left, pair.right, baseline, on)


def test_agent_platform_parity_holds_with_rules_alone() -> None:
    result = agent_check()
    assert not result.violations
    assert result.count("expected") == len(result.items) > 0
    reasons = {i.reason for i in result.items}
    assert reasons == {"cloud-only tables", "tenant columns", "slug key"}
    assert result.unused_rules == ()


def test_one_more_drifting_column_breaks_parity() -> None:
    from dataclasses import replace

    cloud = load_dump("agent_platform_cloud")
    agents = cloud.tables["table:public.agents"]
    cols = tuple(replace(c, type="character varying(200)") if c.name == "name" else c
                 for c in agents.columns)
    tables = {**cloud.tables, agents.key: replace(agents, columns=cols)}
    result = agent_check(cloud=replace(cloud, tables=tables))
    assert [(i.change.key, i.status) for i in result.violations] == [
        ("column:public.agents.name", "violation")]


def test_expired_expectation_is_a_violation() -> None:
    rules = json.loads(json.dumps(AGENT_RULES))
    rules["checks"][0]["expect"][0]["expires"] = "2026-01-31"
    before = agent_check(rules=rules, on=dt.date(2026, 1, 31))
    after = agent_check(rules=rules, on=dt.date(2026, 2, 1))
    assert not before.violations
    assert len(after.violations) == 4
    assert all("expired" in i.reason for i in after.violations)


def test_baseline_accepts_known_drift_and_reports_stale_entries() -> None:
    rules = json.loads(json.dumps(AGENT_RULES))
    rules["checks"][0]["expect"] = rules["checks"][0]["expect"][:2]  # drop the slug mapping
    bare = agent_check(rules=rules)
    assert len(bare.violations) == 24
    from schemaparity.parity import baseline_entry

    entries = [baseline_entry("agent", i.change) for i in bare.violations]
    entries.append({"check": "agent", "kind": "table", "key": "table:public.gone",
                    "op": "removed", "fingerprint": "0"})
    accepted = agent_check(rules=rules, baseline=entries)
    assert not accepted.violations and accepted.count("accepted") == 24
    assert accepted.stale_baseline == ({"check": "agent", "kind": "table",
                                        "key": "table:public.gone", "op": "removed"},)


def test_left_subset_allows_more_on_the_right() -> None:
    ee, oss = load_dump("llmops_core_ee"), load_dump("llmops_core_oss")
    rules = Rules.make(ignore=["table:*.alembic_version*"])
    cfg = parse({"sources": {"a": "x.json", "b": "y.json"},
                 "checks": [{"left": "a", "right": "b", "relation": "left-subset",
                             "ignore": ["table:*.alembic_version*"]}]}, None)
    pair = normalize_pair(oss, ee, rules)
    result = classify(cfg.checks[0], compare(pair), pair.left, pair.right)
    ops = {i.change.op for i in result.violations}
    assert "added" not in ops  # only-right objects are fine in a left-subset
    assert {"removed", "changed"} <= ops  # legacy tables, NOT NULL drift


def test_convergence_core_pair_reports_exactly_the_scenario() -> None:
    ee, oss = load_dump("llmops_core_ee"), load_dump("llmops_core_oss")
    d = diff(oss, ee, Rules.make(ignore=["table:*.alembic_version*"]))
    added_top = {c.key for c in d.changes if c.op == "added" and c.kind in ("table", "enum")}
    assert added_top == {"table:public.meters", "table:public.subscriptions",
                         "table:public.organization_domains",
                         "table:public.organization_providers", "enum:public.meters_type",
                         "table:public.organization_members", "table:public.workspace_members",
                         "table:public.project_members"}  # membership: EE only until change 1
    removed = {c.key for c in d.changes if c.op == "removed"}
    assert removed == {f"table:public.{t}" for t in (
        "legacy_apps", "legacy_bases", "legacy_app_variants", "legacy_app_variant_revisions",
        "legacy_environments", "legacy_environments_revisions", "legacy_deployments",
        "legacy_docker_images", "legacy_templates", "legacy_testsets",
        "legacy_evaluators_configs", "legacy_evaluations", "legacy_evaluation_scenarios",
        "legacy_evaluation_aggregated_results", "legacy_evaluation_scenario_results",
        "legacy_human_evaluations", "legacy_human_evaluation_variants",
        "legacy_human_evaluation_scenarios", "legacy_feedbacks", "legacy_ids_mapping")}
    not_null = {c.key.split(":")[1] for c in d.changes if c.kind == "column" and c.op == "changed"
                and [x.path for x in c.details] == ["not_null"]}
    assert not_null == {"public.api_keys.organization_id", "public.api_keys.created_by"}
    tenant = {c.key.split(":")[1] for c in d.changes if c.kind == "column" and c.op == "added"}
    assert tenant == {"public.projects.organization_id", "public.invitations.organization_id",
                      "public.invitations.workspace_id"}
    assert [c.key for c in d.changes if c.kind == "column_order"] == ["column_order:public.users"]
    assert all(c.severity == "low" for c in d.changes if c.kind == "column_order")


def test_tracing_pair_diffs_to_zero() -> None:
    d = diff(load_dump("llmops_tracing_oss"), load_dump("llmops_tracing_ee"),
             Rules.make(ignore=["table:*.alembic_version*"]))
    assert d.identical


# ------------------------------------------------------------------ config errors


@pytest.mark.parametrize(("data", "needle"), [
    ({"colour": 1}, "unknown key 'colour'"),
    ({"sources": {"a": "x.json"}, "checks": [{"left": "a", "right": "b"}]}, "'b' is not a source"),
    ({"sources": {"a": "x.json"}, "checks": [{"left": "a", "right": "a", "relation": "same"}]},
     "'same' is not one of"),
    ({"sources": {"a": "x.json"}, "checks": [{"left": "a", "right": "a", "expect": [
        {"only_right": ["tabel:x"], "reason": "r"}]}]}, "unknown kind 'tabel'"),
    ({"sources": {"a": "x.json"}, "checks": [{"left": "a", "right": "a", "expect": [
        {"only_right": ["table:x[ab"], "reason": "r"}]}]}, "malformed glob"),
    ({"sources": {"a": "x.json"}, "checks": [{"left": "a", "right": "a", "expect": [
        {"only_right": ["table:x"]}]}]}, "needs a reason"),
    ({"sources": {"a": "x.json"}, "checks": [{"left": "a", "right": "a", "expect": [
        {"only_right": ["table:x"], "reason": "r", "expires": "soon"}]}]}, "expires must be"),
    ({"sources": {"a": "x.json"}, "checks": [{"left": "a", "right": "a", "expect": [
        {"only_right": ["table:x"], "only_left": ["table:y"], "reason": "r"}]}]},
     "exactly one of"),
    ({"normalize": {"column_order": "sometimes"}}, "column_order must be"),
])
def test_bad_rules_are_errors(data, needle) -> None:
    with pytest.raises(ConfigError, match=needle):
        parse(data, None)


def test_check_command_exit_codes(tmp_path: Path) -> None:
    for name in ("agent_platform_oss", "agent_platform_cloud"):
        shutil.copy(DUMPS / f"{name}.json", tmp_path)
    rules = json.loads(json.dumps(AGENT_RULES))
    rules["sources"] = {"oss": "agent_platform_oss.json", "cloud": "agent_platform_cloud.json"}
    cfg = tmp_path / "schemaparity.toml"

    def write(data: dict) -> None:
        import tomli_w

        cfg.write_text(tomli_w.dumps({"schemaparity": data}))

    write(rules)
    ok = run_cli("check", "--config", str(cfg))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "parity holds" in ok.stdout
    rules["checks"][0]["expect"].pop()  # the slug mapping
    write(rules)
    bad = run_cli("check", "--config", str(cfg))
    assert bad.returncode == 1 and "24 violations" in bad.stdout
    base = run_cli("baseline", "--config", str(cfg), "-o", str(tmp_path / "base.json"))
    assert base.returncode == 0 and "24 accepted" in base.stdout
    accepted = run_cli("check", "--config", str(cfg), "--baseline", str(tmp_path / "base.json"))
    assert accepted.returncode == 0, accepted.stdout
    rules["checks"][0]["expect"].append({"reason": "r", "only_right": ["tabel:x"]})
    write(rules)
    assert_one_line_error(run_cli("check", "--config", str(cfg)), "unknown kind 'tabel'")
    assert_one_line_error(run_cli("check", "--config", str(tmp_path / "nope.toml")),
                          "no such file")
    cfg.write_text("[schemaparity\n")
    assert_one_line_error(run_cli("check", "--config", str(cfg)), "invalid TOML")


def test_diff_command_exit_codes() -> None:
    same = run_cli("diff", str(DUMPS / "kitchen_sink.json"),
                   str(DUMPS / "kitchen_sink_reordered.json"))
    assert same.returncode == 0 and "no differences" in same.stdout
    differ = run_cli("diff", str(DUMPS / "agent_platform_oss.json"),
                     str(DUMPS / "agent_platform_cloud.json"))
    assert differ.returncode == 1 and "64 differences" in differ.stdout
    ignored = run_cli("diff", str(DUMPS / "llmops_tracing_oss.json"),
                      str(DUMPS / "llmops_tracing_ee.json"), "-i", "table:*.alembic_version*")
    assert ignored.returncode == 0, ignored.stdout
    assert_one_line_error(run_cli("diff", str(DUMPS / "kitchen_sink.json"), "nope.json"),
                          "nope.json: no such file")
    assert_one_line_error(run_cli("diff", "a.json", "b.json", "--rename-schema", "x"),
                          "OLD=NEW")
    assert_one_line_error(run_cli("diff", "a.json", "b.json", "-i", "column:"), "no name glob")


def test_stale_committed_dump_is_caught(tmp_path: Path, scratch_env) -> None:
    sql = tmp_path / "app.sql"
    sql.write_text("create table t (id int primary key);\n")
    dump = tmp_path / "app.json"
    assert run_cli("dump", str(sql), "-o", str(dump)).returncode == 0
    cfg = tmp_path / "schemaparity.toml"
    cfg.write_text('[schemaparity.sources]\napp = { dump = "app.json", from = "app.sql" }\n')
    fresh = run_cli("check", "--config", str(cfg))
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    sql.write_text("create table t (id int primary key, note text);\n")
    stale = run_cli("check", "--config", str(cfg))
    assert stale.returncode == 1
    assert "stale:app" in stale.stdout and "t.note" in stale.stdout


def test_repository_config_holds() -> None:
    """The committed schemaparity.toml (examples + baseline) passes, as CI runs it."""
    cfg = load(ROOT / "schemaparity.toml")
    verdict = check(cfg, on=dt.date(2026, 11, 23))
    assert verdict.ok, [(c.name, [i.change.key for i in c.violations]) for c in verdict.checks]
    names = [c.name for c in verdict.checks]
    assert names == ["stale:agent_cloud", "agent-platform", "agent-platform-local",
                     "llmops-tracing", "llmops-core"]
