"""Dependency order in real histories (issue 11): the dependency cases planned and verified
both ways on PostgreSQL 15 and 18, what the dump records for it, and the order of drops."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemaparity import dumpfile, dumpload
from schemaparity import model as m
from schemaparity.catalog import DumpOptions
from schemaparity.diff import diff
from schemaparity.normalize import Rules
from schemaparity.plan import PlanOptions, build
from schemaparity.plan.order import order
from schemaparity.plan.steps import Phase, Step, kind_and_action
from schemaparity.source import catalog_from_sql
from schemaparity.verify import verify

from .test_cases import CASES_DIR

# the tests/cases folders of issue 11's dependency causes (they run on PG 18 in
# tests/test_plan_cases.py; here on both servers)
DEPENDENCY_CASES = ("extension_domain_type", "extension_opclass_index", "extension_type_column",
                    "fk_to_unique_index", "index_on_user_function",
                    "sequence_owned_by_dropped_table", "sequence_start",
                    "trigger_instead_of_view", "view_chain_dropped", "view_chain_rebuilt",
                    "view_on_recreated_function",
                    "view_rebuilt_keeps_trigger", "view_replaced_by_table",
                    # ordered or rebuilt by the edges the dump records
                    "column_default_other_schema_function", "domain_check_calls_function",
                    "extension_requires", "function_recreated_with_callers",
                    "view_calls_atomic_function", "view_column_type_changed")
RULES = Rules.make(column_order="ignore")


def _catalogs(server, name: str, reverse: bool = False):  # type: ignore[no-untyped-def]
    first, second = ("b.sql", "a.sql") if reverse else ("a.sql", "b.sql")
    folder = CASES_DIR / name
    return (catalog_from_sql(folder / first, server, DumpOptions()),
            catalog_from_sql(folder / second, server, DumpOptions()), folder / first)


@pytest.mark.parametrize("reverse", [False, True], ids=["a-to-b", "b-to-a"])
@pytest.mark.parametrize("name", DEPENDENCY_CASES)
def test_dependency_case_lands_on_both_servers(name: str, reverse: bool, server) -> None:
    a, b, sql_file = _catalogs(server, name, reverse)
    plan = build(a, b, PlanOptions(force=True), RULES)
    result = verify(server, plan, a, b, RULES, sql_file)
    assert result.ok, [(c.op, c.key) for c in result.residual.changes]


def test_extensions_come_first_go_last_and_their_types_are_never_created(server) -> None:
    a, b, _ = _catalogs(server, "extension_type_column")
    assert not b.enums and not b.domains and not b.composites  # members are the extension's
    plan = build(a, b, PlanOptions(force=True), RULES)
    kinds = [kind_and_action(s.id) for s in plan.steps]
    assert not [k for k in kinds if k[0] in ("enum", "domain", "composite")]
    ids = [s.id for s in plan.steps]
    assert ids.index("1.extension.create:citext") < ids.index("2.table.create:public.users")
    down = build(b, a, PlanOptions(force=True), RULES)
    ids = [s.id for s in down.steps]
    assert ids.index("6.table.drop:public.users") < ids.index("6.extension.drop:citext")
    assert ids.index("6.column.drop:public.keep.attrs") < ids.index("6.extension.drop:hstore")


def test_a_sequence_start_change_is_planned(pg18) -> None:
    a, b, _ = _catalogs(pg18, "sequence_start")
    plan = build(a, b, PlanOptions(), RULES)
    assert [s.id for s in plan.steps] == ["1.sequence.alter:public.s"]
    assert "START WITH 1000" in plan.steps[0].sql


def test_sequences_owned_by_what_is_dropped_are_not_dropped_again(pg18) -> None:
    a, b, _ = _catalogs(pg18, "sequence_owned_by_dropped_table")
    plan = build(a, b, PlanOptions(force=True), RULES)
    assert not [s for s in plan.steps if s.key.startswith("sequence:")]


def _step(id_: str, provides: tuple[str, ...] = (), needs: tuple[str, ...] = ()) -> Step:
    return Step(id=id_, phase=Phase(int(id_[0])), key=id_.split(":", 1)[1], sql="",
                provides=provides, needs=needs)


def test_drops_go_dependents_first_in_every_phase() -> None:
    v1 = _step("1.view.drop:v1", provides=("view:v1",))
    v2 = _step("1.view.drop:v2", provides=("view:v2",), needs=("view:v1",))
    v0 = _step("1.view.drop:v0", provides=("view:v0",), needs=("view:v2",))
    assert [s.id for s in order([v1, v2, v0])] == ["1.view.drop:v0", "1.view.drop:v2",
                                                  "1.view.drop:v1"]
    # a create still waits for what it needs, drop or create
    f_drop = _step("1.function.drop:f", provides=("function:f",))
    f_new = _step("1.function.create:f", provides=("function:f",))
    user = _step("1.domain.create:a", needs=("function:f",))
    got = [s.id for s in order([user, f_new, f_drop])]
    assert got.index("1.domain.create:a") > max(got.index(f_drop.id), got.index(f_new.id))


# one schema written in two orders: its dump, recorded edges included, is the same
EDGES_SQL = """
CREATE EXTENSION cube;
CREATE EXTENSION earthdistance;
CREATE TYPE mood AS ENUM ('up', 'down');
CREATE FUNCTION norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower($1) $$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE parent (id int PRIMARY KEY);
CREATE SEQUENCE t_seq;
CREATE TABLE t (id int PRIMARY KEY, parent_id int REFERENCES parent (id), m mood,
                code text DEFAULT norm('X') CONSTRAINT t_code_check CHECK (norm(code) <> ''),
                n int DEFAULT nextval('t_seq'));
ALTER SEQUENCE t_seq OWNED BY t.n;
CREATE INDEX t_norm_idx ON t (norm(code));
CREATE VIEW v AS SELECT id, code FROM t;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW
    WHEN (NEW.m IS DISTINCT FROM OLD.m) EXECUTE FUNCTION touch();
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY t_p ON t USING (norm(code) = 'x');
"""
EDGES_SQL_REORDERED = """
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE parent (id int PRIMARY KEY);
CREATE FUNCTION norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower($1) $$;
CREATE TYPE mood AS ENUM ('up', 'down');
CREATE TABLE t (id int PRIMARY KEY, parent_id int, m mood, code text, n int);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY t_p ON t USING (norm(code) = 'x');
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW
    WHEN (NEW.m IS DISTINCT FROM OLD.m) EXECUTE FUNCTION touch();
CREATE VIEW v AS SELECT id, code FROM t;
CREATE INDEX t_norm_idx ON t (norm(code));
CREATE SEQUENCE t_seq OWNED BY t.n;
ALTER TABLE t ALTER COLUMN n SET DEFAULT nextval('t_seq');
ALTER TABLE t ALTER COLUMN code SET DEFAULT norm('X');
ALTER TABLE t ADD CONSTRAINT t_code_check CHECK (norm(code) <> '');
ALTER TABLE t ADD FOREIGN KEY (parent_id) REFERENCES parent (id);
CREATE EXTENSION cube;
CREATE EXTENSION earthdistance;
"""
NORM = "function:public.norm(text)"


def _dump_of(server, tmp_path: Path, name: str, text: str) -> m.Catalog:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.sql"
    path.write_text(text)
    return catalog_from_sql(path, server, DumpOptions())


def test_the_dump_records_dependencies_whatever_the_creation_order(server, tmp_path) -> None:
    cat = _dump_of(server, tmp_path, "first", EDGES_SQL)
    again = _dump_of(server, tmp_path, "again", EDGES_SQL_REORDERED)
    assert dumpfile.to_json(again) == dumpfile.to_json(cat)
    t = cat.tables["table:public.t"]
    found = {
        "extension:earthdistance": cat.extensions["extension:earthdistance"].depends,
        "column m": t.column("m").depends, "column code": t.column("code").depends,
        "column n": t.column("n").depends,
        "check": cat.constraints["constraint:public.t.t_code_check"].depends,
        "fk": cat.constraints["constraint:public.t.t_parent_id_fkey"].depends,
        "index": cat.indexes["index:public.t.t_norm_idx"].depends,
        "view": cat.views["view:public.v"].depends,
        "trigger": cat.triggers["trigger:public.t.t_touch"].depends,
        "policy": cat.policies["policy:public.t.t_p"].depends,
        "sequence": cat.sequences["sequence:public.t_seq"].depends,
    }
    assert found == {
        "extension:earthdistance": ("extension:cube",),
        "column m": ("enum:public.mood",), "column code": (NORM,),
        "column n": ("sequence:public.t_seq",),
        "check": (NORM,), "fk": ("column:public.parent.id", "index:public.parent.parent_pkey"),
        "index": (NORM,), "view": ("column:public.t.code", "column:public.t.id"),
        "trigger": ("column:public.t.m", "function:public.touch()"),
        "policy": ("column:public.t.code", NORM),
        "sequence": ("column:public.t.n",),
    }


def test_recorded_dependencies_are_never_a_difference_and_old_dumps_load(pg18,
                                                                         tmp_path) -> None:
    cat = _dump_of(pg18, tmp_path, "edges", EDGES_SQL)
    text = dumpfile.to_json(cat)
    assert '"depends"' in text
    old = dumpload.from_json(dumpfile.without_depends(text), "old dump")
    assert '"depends"' not in dumpfile.to_json(old)
    assert not old.indexes["index:public.t.t_norm_idx"].depends
    assert diff(old, cat).identical and diff(cat, old).identical
    # the JSON holds each object's edges as a sorted list, omitted when empty
    data = json.loads(text)
    assert all(list(v["depends"]) == sorted(v["depends"]) for objs in data.values()
               if isinstance(objs, dict) for v in objs.values()
               if isinstance(v, dict) and "depends" in v)


def test_a_dump_without_recorded_dependencies_plans_by_names(pg18) -> None:
    """The domain whose CHECK calls a function: only the recorded edge puts the function
    first; from a dump without edges the plan falls back to the names (and misses it)."""
    a, b, _ = _catalogs(pg18, "domain_check_calls_function")
    ids = [s.id for s in build(a, b, PlanOptions(force=True), RULES).steps]
    assert ids.index("1.function.create:public.is_code(text)") < ids.index(
        "1.domain.create:public.code")
    stripped = dumpload.from_json(dumpfile.without_depends(dumpfile.to_json(b)),
                                  "old dump")
    ids = [s.id for s in build(a, stripped, PlanOptions(force=True), RULES).steps]
    assert ids.index("1.function.create:public.is_code(text)") > ids.index(
        "1.domain.create:public.code")
