"""SQLite against PostgreSQL: type mapping, transpiled expressions, main as public, what
SQLite cannot express left out; the agent platform's local edition holds its contract with
the cloud edition, and each of the contract's mutants (and a type drift) breaks it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from schemaparity import api, dumpfile
from schemaparity.catalog import DumpOptions
from schemaparity.config import ConfigError, SourceSpec, parse
from schemaparity.parity import judge
from schemaparity.scratch import ScratchServer
from schemaparity.source import catalog_from_sql
from schemaparity.sqlite import load_ddl
from schemaparity.sqlite.crossengine import comparable
from schemaparity.sqlite.types import to_postgres

from .conftest import DUMPS, ROOT

LOCAL = DUMPS / "agent_platform_local.sql"
CLOUD = DUMPS / "agent_platform_cloud.json"


@pytest.mark.parametrize(("declared", "pg"), [
    ("INTEGER", "integer"), ("int", "integer"), ("BIGINT", "bigint"), ("TEXT", "text"),
    ("VARCHAR(80)", "character varying(80)"), ("NUMERIC(10, 2)", "numeric(10,2)"),
    ("DATETIME", "timestamp without time zone"), ("BOOLEAN", "boolean"), ("JSON", "json"),
    ("JSONB", "json"), ("", "bytea"), ("STRING", "numeric"), ("NVARCHAR2", "text"),
    ("FLOATING POINT", "integer"),  # SQLite's own rule: "INT" in the name is integer
])
def test_declared_types_map_to_postgresql(declared: str, pg: str) -> None:
    assert to_postgres(declared) == pg


def test_a_project_overrides_the_mapping() -> None:
    assert to_postgres("datetime", {"DATETIME": "timestamp with time zone"}) == \
        "timestamp with time zone"


SQLITE_SIDE = """-- dialect: sqlite
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    active BOOLEAN NOT NULL DEFAULT 1,
    archived BOOLEAN NOT NULL DEFAULT 0,
    seen_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    doc JSON,
    status TEXT NOT NULL CHECK (status IN ('draft', 'live')),
    qty INTEGER NOT NULL CHECK (qty >= 0),
    parent_id INTEGER REFERENCES items(id) ON DELETE CASCADE
);
CREATE INDEX items_live ON items (abs(qty)) WHERE qty > 0;
"""
POSTGRES_SIDE = """
CREATE EXTENSION IF NOT EXISTS plpgsql;
CREATE TYPE item_status AS ENUM ('draft', 'live');
CREATE TABLE items (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    active boolean NOT NULL DEFAULT true,
    archived boolean NOT NULL DEFAULT false,
    seen_at timestamptz NOT NULL DEFAULT now(),
    doc jsonb,
    status item_status NOT NULL,
    qty integer NOT NULL CHECK (qty >= 0),
    parent_id integer REFERENCES items(id) ON DELETE CASCADE
);
COMMENT ON TABLE items IS 'SQLite has no comments';
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone ON items USING (true);
CREATE INDEX items_live ON items (abs(qty)) WHERE qty > 0;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
"""


@pytest.fixture(scope="module")
def sides(pg18: ScratchServer, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("cross")
    (root / "lite.sql").write_text(SQLITE_SIDE)
    (root / "pg.sql").write_text(POSTGRES_SIDE)
    return (load_ddl(root / "lite.sql"),
            catalog_from_sql(root / "pg.sql", pg18, DumpOptions()))


def test_the_same_schema_on_both_engines_has_no_differences(sides) -> None:
    lite, pg = sides
    assert api.diff(lite, pg).changes == ()


def test_defaults_identity_and_enums_compare_canonically(sides) -> None:
    lite, pg = comparable(*sides)
    a, b = lite.tables["table:public.items"], pg.tables["table:public.items"]
    assert a == b
    assert {c.name: c.default for c in a.columns if c.default} == {
        "active": "true", "archived": "false", "seen_at": "now()"}
    assert a.columns[0].identity == "by default" and a.columns[0].type == "bigint"
    status_check = lite.constraints["constraint:public.items.items_status_check"]
    assert "IN ('draft', 'live')" in status_check.definition
    assert not pg.triggers and not pg.policies and not pg.enums and not pg.functions


def test_a_real_drift_remains(sides, tmp_path: Path) -> None:
    drifted = tmp_path / "drift.sql"
    drifted.write_text(SQLITE_SIDE.replace("qty INTEGER NOT NULL", "qty TEXT NOT NULL")
                       .replace("ON DELETE CASCADE", "ON DELETE SET NULL"))
    keys = {c.key: [d.path for d in c.details]
            for c in api.diff(load_ddl(drifted), sides[1]).changes}
    assert keys["column:public.items.qty"] == ["type"]
    assert "constraint:public.items.items_parent_id_fkey" in keys


# ---------------------------------------------------------------- the example's contract


def local_check(local_text: str | None, tmp_path: Path):
    """The repository's agent-platform-local check on the example (or a mutant of it)."""
    source = LOCAL
    if local_text is not None:
        source = tmp_path / "mutant.sql"
        source.write_text(local_text)
    cfg = api.load_config(ROOT / "schemaparity.toml")
    spec = next(c for c in cfg.checks if c.name == "agent-platform-local")
    cfg = replace(cfg, checks=(spec,), sources={
        "agent_local": SourceSpec("agent_local", str(source)),
        "agent_cloud": SourceSpec("agent_cloud", str(CLOUD))})
    catalogs = {"agent_local": api.dump(str(source)), "agent_cloud": dumpfile.load(CLOUD)}
    return judge(cfg, catalogs).checks[0]


def rule_of(reason_start: str) -> str:
    cfg = api.load_config(ROOT / "schemaparity.toml")
    spec = next(c for c in cfg.checks if c.name == "agent-platform-local")
    return next(e.id for e in spec.expect if e.reason.startswith(reason_start))


def test_the_local_edition_holds_its_contract(tmp_path: Path) -> None:
    result = local_check(None, tmp_path)
    assert not result.violations and result.count("expected") == 64
    assert result.unused_rules == ()


def _violations(result) -> set[tuple[str, str | None]]:
    return {(i.change.key, i.rule) for i in result.violations}


def test_an_org_id_column_breaks_the_contract(tmp_path: Path) -> None:
    text = LOCAL.read_text().replace(
        "CREATE TABLE agents (\n    id TEXT NOT NULL PRIMARY KEY,\n",
        "CREATE TABLE agents (\n    id TEXT NOT NULL PRIMARY KEY,\n    org_id TEXT NOT NULL,\n")
    result = local_check(text, tmp_path)
    assert _violations(result) == {("column:public.agents.org_id",
                                    rule_of("test 1: no org_id"))}


def test_an_iam_table_breaks_the_contract(tmp_path: Path) -> None:
    text = LOCAL.read_text().replace("\nCOMMIT;", """
CREATE TABLE iam_policies (id TEXT NOT NULL PRIMARY KEY, slug TEXT NOT NULL UNIQUE);
COMMIT;""")
    result = local_check(text, tmp_path)
    assert ("table:public.iam_policies", rule_of("test 5: no IAM tables")) in _violations(result)


def test_a_missing_global_slug_key_breaks_the_contract(tmp_path: Path) -> None:
    text = LOCAL.read_text().replace(
        "CREATE TABLE agents (\n    id TEXT NOT NULL PRIMARY KEY,\n    name TEXT NOT NULL,\n"
        "    slug TEXT NOT NULL UNIQUE,",
        "CREATE TABLE agents (\n    id TEXT NOT NULL PRIMARY KEY,\n    name TEXT NOT NULL,\n"
        "    slug TEXT NOT NULL,")
    result = local_check(text, tmp_path)
    assert _violations(result) == {("constraint:public.agents.agents_org_id_slug_key",
                                    rule_of("test 3: slugs are unique"))}


def test_a_type_drift_breaks_the_contract(tmp_path: Path) -> None:
    text = LOCAL.read_text().replace(
        "CREATE TABLE tools (\n    id TEXT NOT NULL PRIMARY KEY,\n    name TEXT NOT NULL,",
        "CREATE TABLE tools (\n    id TEXT NOT NULL PRIMARY KEY,\n    name INTEGER NOT NULL,")
    result = local_check(text, tmp_path)
    assert _violations(result) == {("column:public.tools.name", None)}
    detail = result.violations[0].change.details[0]
    assert (detail.path, detail.left, detail.right) == ("type", "integer", "text")


def test_the_check_needs_cross_engine_to_compare_engines(tmp_path: Path) -> None:
    cfg = api.load_config(ROOT / "schemaparity.toml")
    spec = next(c for c in cfg.checks if c.name == "agent-platform-local")
    assert spec.cross_engine is not None and spec.cross_engine.schema == "public"


@pytest.mark.parametrize(("value", "needle"), [
    ('"yes"', "expected true or a table"),
    ("{ schema = 1 }", "cross_engine.schema"),
    ("{ types = { JSON = 1 } }", "cross_engine.types"),
    ("{ typos = {} }", "unknown key 'typos'"),
])
def test_bad_cross_engine_settings_are_config_errors(value: str, needle: str) -> None:
    import tomllib

    text = f"""
[schemaparity.sources]
a = "a.db"
b = "b.json"
[[schemaparity.checks]]
left = "a"
right = "b"
cross_engine = {value}
"""
    with pytest.raises(ConfigError, match=needle):
        parse(tomllib.loads(text)["schemaparity"], Path("schemaparity.toml"))
