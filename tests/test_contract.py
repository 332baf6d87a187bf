"""Contract rules: each test of the agent platform's design document ("Verify no multi-tenancy
leakage") is a rule of schemaparity.toml, and a mutant of the OSS edition that breaks one fails
``check`` naming that rule. Plans toward a check change only what the check calls drift."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from schemaparity import dumpfile
from schemaparity import model as m
from schemaparity.config import ConfigError, parse

from .conftest import DUMPS, ROOT
from .test_cli import run as run_cli

RULES = tomllib.loads((ROOT / "schemaparity.toml").read_text("utf-8"))["schemaparity"]


def agent_rules(oss: str, cloud: str = str(DUMPS / "agent_platform_cloud.json")
                ) -> dict[str, Any]:
    """The committed agent-platform check (its rules as they are) on other sources."""
    check = next(c for c in RULES["checks"] if c["name"] == "agent-platform")
    return {"sources": {"agent_oss": oss, "agent_cloud": cloud},
            "normalize": RULES["normalize"], "checks": [check]}


def run_check(tmp_path: Path, rules: dict[str, Any]) -> Any:
    cfg = tmp_path / "schemaparity.toml"
    cfg.write_text(tomli_w.dumps({"schemaparity": rules}))
    return run_cli("check", "--config", str(cfg))


def mutant(tmp_path: Path, change: Any) -> str:
    """The OSS dump changed by ``change(oss, cloud) -> oss``, written as a JSON dump."""
    oss = dumpfile.load(DUMPS / "agent_platform_oss.json")
    cloud = dumpfile.load(DUMPS / "agent_platform_cloud.json")
    path = tmp_path / "agent_platform_oss_mutant.json"
    path.write_text(dumpfile.to_json(change(oss, cloud)), "utf-8")
    return str(path)


def with_tables(catalog: m.Catalog, **kinds: list[Any]) -> m.Catalog:
    objects = {attr: list(objs.values()) for attr, objs in catalog.objects().items()}
    objects.update(kinds)
    return m.Catalog.build(catalog.server_version, row_counts=catalog.row_counts,
                           row_count_mode=catalog.row_count_mode, **objects)


def iam_tables_in_oss(oss: m.Catalog, cloud: m.Catalog) -> m.Catalog:
    added = [cloud.tables[f"table:public.{t}"] for t in ("organizations", "api_keys")]
    return with_tables(oss, tables=[*oss.tables.values(), *added])


def global_slug_key_dropped(oss: m.Catalog, cloud: m.Catalog) -> m.Catalog:
    return with_tables(
        oss, constraints=[c for k, c in oss.constraints.items()
                          if k != "constraint:public.skills.skills_slug_key"],
        indexes=[i for k, i in oss.indexes.items() if k != "index:public.skills.skills_slug_key"])


def test_the_unmutated_editions_keep_the_contract(tmp_path: Path) -> None:
    ok = run_check(tmp_path, agent_rules(str(DUMPS / "agent_platform_oss.json")))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "parity holds: 64 expected" in ok.stdout


def test_tenant_columns_put_back_on_oss_agents_fail(tmp_path: Path, scratch_env) -> None:
    """Tests 1 and 2, on a mutant of the OSS .sql loaded through a scratch server."""
    sql = tmp_path / "agent_platform_oss.sql"
    sql.write_text((DUMPS / "agent_platform_oss.sql").read_text("utf-8")
                   + "\nALTER TABLE public.agents ADD COLUMN org_id text NOT NULL,"
                     " ADD COLUMN owner_scope integer NOT NULL;\n", "utf-8")
    bad = run_check(tmp_path, agent_rules(str(sql)))
    assert bad.returncode == 1, bad.stdout + bad.stderr
    for column, rule in (("org_id", "#1 (test 1: no org_id column"),
                         ("owner_scope", "#2 (test 2: no owner_scope column")):
        line = next(x for x in bad.stdout.splitlines() if f"public.agents.{column} " in x)
        assert "expected absent from agent_oss: agent-platform" + rule in line, bad.stdout
    assert "parity broken: 2 violations" in bad.stdout


def test_iam_tables_added_to_oss_fail(tmp_path: Path) -> None:
    """Test 5: present on both sides, a table expected only in the cloud is a violation."""
    bad = run_check(tmp_path, agent_rules(mutant(tmp_path, iam_tables_in_oss)))
    assert bad.returncode == 1, bad.stdout + bad.stderr
    for table in ("organizations", "api_keys"):
        line = next(x for x in bad.stdout.splitlines() if f"~ public.{table} " in x)
        assert ("expected only in agent_cloud, found in agent_oss too: agent-platform#4 "
                "(test 5: no IAM tables in OSS") in line, bad.stdout


def test_oss_skills_without_a_global_slug_key_fail(tmp_path: Path) -> None:
    """Test 3: the cloud half of a constraint mapping alone is a violation."""
    bad = run_check(tmp_path, agent_rules(mutant(tmp_path, global_slug_key_dropped)))
    assert bad.returncode == 1, bad.stdout + bad.stderr
    line = next(x for x in bad.stdout.splitlines() if "skills_org_id_slug_key" in x)
    assert ("agent-platform#3 (test 3: slugs are unique globally in OSS, per organization in "
            "the cloud): needs both halves, but public.skills has this in agent_cloud and no "
            "UNIQUE (slug) in agent_oss") in line, bad.stdout
    assert "parity broken: 1 violations" in bad.stdout


def test_an_expectation_that_matches_nothing_fails_unless_optional(tmp_path: Path) -> None:
    rules = agent_rules(str(DUMPS / "agent_platform_oss.json"))
    rules["checks"] = [json.loads(json.dumps(rules["checks"][0]))]
    rules["checks"][0]["expect"].append({"reason": "legacy tables are gone",
                                         "only_left": ["table:public.legacy_*"]})
    bad = run_check(tmp_path, rules)
    assert bad.returncode == 1
    assert ("agent-platform#5 (legacy tables are gone) matched nothing (mark it optional = "
            "true if that can be)") in bad.stdout
    rules["checks"][0]["expect"][-1]["optional"] = True
    ok = run_check(tmp_path, rules)
    assert ok.returncode == 0, ok.stdout
    assert "unused expectations (matched nothing): agent-platform#5" in ok.stdout


def test_today_s_rules_still_read() -> None:
    """ignore_columns (allow only) is still a rule; absent_* and optional are checked."""
    base = {"sources": {"a": "x.json"}, "checks": [{"left": "a", "right": "a", "expect": []}]}

    def expect(rule: dict[str, Any]) -> Any:
        data = json.loads(json.dumps(base))
        data["checks"][0]["expect"] = [{"reason": "r", **rule}]
        return parse(data, None).checks[0].expect[0]

    assert expect({"ignore_columns": ["*.org_id"]}).kind == "ignore_columns"
    assert expect({"absent_left": "*.org_id", "optional": True}).optional
    with pytest.raises(ConfigError, match="optional: true or false"):
        expect({"absent_left": "*.org_id", "optional": "yes"})
    with pytest.raises(ConfigError, match="absent_right: patterns name columns"):
        expect({"absent_right": ["table:x"]})


def test_plan_always_leaves_the_normalize_ignores_alone(tmp_path: Path) -> None:
    args = ("plan", str(DUMPS / "llmops_core_oss.json"), str(DUMPS / "llmops_core_ee.json"),
            "--allow-hazards", "all")
    plain, ignoring = tmp_path / "plain.toml", tmp_path / "ignoring.toml"
    plain.write_text(tomli_w.dumps({"schemaparity": {"plan": RULES["plan"]}}))
    ignoring.write_text(tomli_w.dumps({"schemaparity": {"plan": RULES["plan"],
                                                        "normalize": RULES["normalize"]}}))
    dropped = run_cli(*args, "--config", str(plain))
    assert dropped.returncode == 0, dropped.stderr
    assert 'DROP TABLE "public"."alembic_version_oss"' in dropped.stdout
    kept = run_cli(*args, "--config", str(ignoring))
    assert kept.returncode == 0, kept.stderr
    assert "alembic_version" not in kept.stdout


def test_plan_toward_a_check_lands_and_the_check_passes(tmp_path: Path, scratch_env) -> None:
    """llmops-core: plan only the violations and accepted drift, verify with seeded rows,
    then the check holds; the EE-only objects stay out of OSS, no version table is touched."""
    rules = {**RULES, "baseline": str(ROOT / RULES["baseline"]),
             "sources": {k: str(ROOT / v) if isinstance(v, str) else
                         {kk: str(ROOT / vv) for kk, vv in v.items()}
                         for k, v in RULES["sources"].items()}}
    cfg = tmp_path / "schemaparity.toml"
    cfg.write_text(tomli_w.dumps({"schemaparity": rules}))
    out = tmp_path / "converge.sql"
    planned = run_cli("plan", "--check", "llmops-core", "--config", str(cfg), "--allow-hazards",
                      "all", "--archive", "--verify", "--seed-rows", "3", "-o", str(out))
    assert planned.returncode == 0, planned.stdout + planned.stderr
    assert "check llmops-core holds" in planned.stderr
    text = out.read_text("utf-8")
    for ee_only in ("meters", "subscriptions", "organization_domains",
                    "organization_providers", "meters_type"):
        assert f"public.{ee_only} " not in text and f'"{ee_only}"' not in text, ee_only
    assert "alembic_version" not in text
    assert "public.legacy_apps" in text  # accepted drift is planned
    for members in ("organization_members", "workspace_members", "project_members"):
        assert f"-- step 3.insert.rows:public.{members}" in text  # change 1: memberships

def test_plan_check_errors_are_one_line(tmp_path: Path) -> None:
    nope = run_cli("plan", "--check", "nope", "--config", str(ROOT / "schemaparity.toml"))
    assert nope.returncode == 2 and "no check named 'nope'" in nope.stderr
    bare = run_cli("plan")
    assert bare.returncode == 2 and "plan needs SOURCE and TARGET" in bare.stderr


def test_renames_come_from_the_diff(tmp_path: Path) -> None:
    """Normalize once: the rule renames are the diff's, and only those that happen."""
    from schemaparity.diff import diff
    from schemaparity.normalize import Rules

    oss = dumpfile.load(DUMPS / "agent_platform_oss.json")
    d = diff(oss, oss, Rules.make(rename_tables={"public.agents": "public.bots",
                                                 "public.nope": "public.gone"}))
    assert [(c.kind, c.old_key, c.key, c.op) for c in d.renames] == [
        ("table", "table:public.agents", "table:public.bots", "renamed")]
    assert not any(c.op == "renamed" and c.kind == "table" for c in d.changes)
    assert {(c.key, c.op) for c in d.changes if c.kind == "table"} == {
        ("table:public.bots", "removed"), ("table:public.agents", "added")}


def test_the_api_plans_toward_a_check() -> None:
    """``api.plan(..., check=...)``: the expected differences stay, the rest is planned."""
    from schemaparity import api
    from schemaparity.parity import load_baseline
    from schemaparity.plan import PlanOptions

    cfg = api.load_config(ROOT / "schemaparity.toml")
    spec = api.check_spec(cfg, "llmops-core")
    oss = dumpfile.load(DUMPS / "llmops_core_oss.json")
    ee = dumpfile.load(DUMPS / "llmops_core_ee.json")
    options = PlanOptions(backfill=cfg.plan.backfill)
    whole = {s.key for s in api.plan(oss, ee, options, spec.rules).steps}
    toward = {s.key for s in api.plan(oss, ee, options, check=spec,
                                      baseline=load_baseline(cfg.baseline)).steps}
    ee_only = {"table:public.meters", "table:public.subscriptions", "enum:public.meters_type",
               "table:public.organization_domains", "table:public.organization_providers"}
    assert ee_only <= whole and not ee_only & toward
    assert toward and toward < whole
    assert "table:public.legacy_apps" in toward
