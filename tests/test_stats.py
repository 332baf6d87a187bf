"""Stats: counts by kind, index categories (overlapping) and breakdown (adds up)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemaparity import dumpfile, stats
from schemaparity.catalog import DumpOptions
from schemaparity.report import formats
from schemaparity.scratch import ScratchServer
from schemaparity.source import catalog_from_sql

from .conftest import DUMPS
from .test_cli import assert_one_line_error, run


def _counts(name: str) -> dict:
    return stats.collect(dumpfile.load(DUMPS / f"{name}.json"))


def test_stats_formats_are_registered() -> None:
    c = _counts("saas_control_plane")
    assert formats.names("stats") == ["text", "json"]
    assert formats.render("stats", "text", c, label="x") == stats.to_text(c, "x")
    assert formats.render("stats", "json", c, label="x") == stats.to_json(c, "x")


def test_orm_scenario_counts() -> None:
    c = _counts("saas_control_plane")
    assert c["tables"]["total"] == 15
    assert c["enums"]["total"] == 17
    assert c["enums"]["by_enum"]["public.TenantPlan"] == 3  # starter, growth, enterprise
    assert c["enums"]["by_enum"]["public.AuditTargetType"] == 6
    assert c["columns"]["jsonb"] == 10
    ix = c["indexes"]
    assert ix["total"] == 54
    assert ix["breakdown"] == {"primary_key": 15, "unique": 8, "composite": 6,
                               "fk_single_column": 25, "other": 0}
    assert ix["categories"]["primary_key"] == 15
    assert ix["categories"]["unique"] == 8
    assert ix["categories"]["fk_supporting_single_column"] == 25
    # 25 single-column + 6 composite + 2 unique composite indexes lead with a FK column
    assert ix["categories"]["fk_supporting"] == 33
    assert ix["categories"]["composite"] == 8
    assert c["foreign_keys"]["total"] == 28
    assert c["foreign_keys"]["on_delete"] == {"no action": 0, "restrict": 0, "cascade": 15,
                                              "set null": 13, "set default": 0}


@pytest.mark.parametrize("path", sorted(DUMPS.glob("*.json")), ids=lambda p: p.stem)
def test_breakdown_adds_up(path: Path) -> None:
    c = stats.collect(dumpfile.load(path))
    assert sum(c["indexes"]["breakdown"].values()) == c["indexes"]["total"]
    assert sum(c["indexes"]["by_method"].values()) == c["indexes"]["total"]
    assert sum(c["foreign_keys"]["on_delete"].values()) == c["foreign_keys"]["total"]


def test_agent_api_counts() -> None:
    c = _counts("agent_api_rls")
    assert c["tables"] == {"total": 7, "partitioned": 0, "partitions": 0, "rls_enabled": 7}
    assert c["enums"]["by_enum"]["public.mcp_type"] == 3
    assert c["policies"]["tables"] == 7 and c["policies"]["total"] == 15
    assert c["views"]["total"] == 2


def test_categories_overlap(pg18: ScratchServer, tmp_path: Path) -> None:
    sql = tmp_path / "s.sql"
    sql.write_text(
        "create table p (id int primary key);\n"
        "create table t (id int primary key, p_id int references p, tags jsonb, doc json,\n"
        "                slug text, kind text, created date);\n"
        "create unique index t_p_slug on t (p_id, slug) where kind is not null;\n"
        "create index t_tags on t using gin (tags);\n"
        "create index t_lower on t (lower(slug));\n"
        "create index t_p on t (p_id);\n"
        "create index t_kind_created on t (kind, created);\n"
        "create materialized view mv as select id from t;\n"
        "create unique index mv_id on mv (id);\n")
    c = stats.collect(catalog_from_sql(sql, pg18, DumpOptions()))
    ix = c["indexes"]
    assert ix["total"] == 8 and ix["on_materialized_views"] == 1
    assert ix["categories"] == {
        "primary_key": 2, "unique": 2, "fk_supporting": 1, "fk_supporting_single_column": 1,
        "composite": 2, "partial": 1, "expression": 1, "gin_gist": 1}
    # the partial unique composite index is unique (first bucket that applies), once
    assert ix["breakdown"] == {"primary_key": 2, "unique": 2, "composite": 1,
                               "fk_single_column": 1, "other": 2}
    assert c["columns"]["jsonb"] == 1 and c["columns"]["json"] == 1
    assert c["views"] == {"total": 1, "materialized": 1}


def test_cli_stats(tmp_path: Path) -> None:
    proc = run("stats", str(DUMPS / "saas_control_plane.json"))
    assert proc.returncode == 0, proc.stderr
    lines = [" ".join(line.split()) for line in proc.stdout.splitlines()]
    for expected in ("tables 15", "enums 17", "indexes 54", "jsonb 10", "primary key 15",
                     "unique (not primary key) 8", "unique 8", "composite (not unique) 6",
                     "foreign-key-supporting, single column 25", "total 54"):
        assert expected in lines, expected
    assert "categories (overlapping: an index may count in several)" in proc.stdout
    out = tmp_path / "stats.json"
    proc = run("stats", str(DUMPS / "saas_control_plane.json"), "-f", "json", "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    doc = json.loads(out.read_text())
    assert doc["counts"]["indexes"]["total"] == 54 and doc["source"] == "saas_control_plane"
    assert_one_line_error(run("stats", str(tmp_path / "nope.json")), "nope.json")
