"""The registry of object kinds: every kind is declared everywhere it must be.

Adding a kind to the model without its catalog query, report title, text dump section,
planner handler or test case folder fails here, naming what is missing, instead of
silently leaving it out of a dump, a report or a plan.
"""

from __future__ import annotations

import inspect
from dataclasses import fields
from pathlib import Path
from typing import Literal, get_args, get_origin, get_type_hints

import pytest

from schemaparity import model as m
from schemaparity.catalog import convert, snapshot
from schemaparity.dumptext import SECTIONS

CASES = Path(__file__).parent / "cases"
QUERIES = Path(convert.__file__).parent / "queries"

# Kinds that legitimately lack something, with the reason.
NO_QUERY = {
    "version_table": "read by a statement per matching table, after the catalog queries",
    "column_order": "no object: derived from the columns' positions",
}
NO_SECTION = {"column_order": "no object: the column lines' positions are the order"}

KINDS = [k.name for k in m.REGISTRY]


def spec(name: str) -> m.Kind:
    return next(k for k in m.REGISTRY if k.name == name)


def test_every_model_class_is_registered() -> None:
    classes = {cls for _, cls in inspect.getmembers(m, inspect.isclass) if hasattr(cls, "SPEC")}
    assert classes == set(m.CLASSES.values())
    assert {cls.SPEC for cls in classes} <= set(m.REGISTRY)
    assert len(set(KINDS)) == len(KINDS)
    for cls in classes:
        assert cls.SPEC.name == cls.KIND
    catalog_attrs = {f.name for f in fields(m.Catalog)} - {
        "server_version", "row_counts", "row_count_mode", "engine"}
    assert [attr for attr, _ in m.KINDS] == [k.attr for k in m.REGISTRY if k.attr]
    assert catalog_attrs == {k.attr for k in m.REGISTRY if k.attr}


@pytest.mark.parametrize("name", KINDS)
def test_kind_has_a_title(name: str) -> None:
    titles = [k.title for k in m.REGISTRY]
    assert spec(name).title, f"{name}: no title for reports"
    assert titles.count(spec(name).title) == 1, f"{name}: its title is another kind's too"


@pytest.mark.parametrize("name", KINDS)
def test_kind_has_a_query(name: str) -> None:
    kind = spec(name)
    if name in NO_QUERY:
        assert kind.query is None, f"{name} is listed as having no query, but has one"
        return
    assert kind.query, f"{name}: no catalog query"
    assert (QUERIES / f"{kind.query}.sql").is_file(), f"{name}: no queries/{kind.query}.sql"
    assert kind.query in snapshot.ORDER
    if kind.attr is not None and name != "table":
        assert kind.query in convert.CONVERTERS, f"{name}: no converter for its rows"


def test_every_query_runs_once_in_a_known_order() -> None:
    orders = [k.query_order for k in m.REGISTRY if k.query is not None]
    assert None not in orders and len(set(orders)) == len(orders)
    # a part other queries take in (``-- @include name.sql``) is not a query of its own
    parts = {line.split()[-1].removesuffix(".sql") for p in QUERIES.glob("*.sql")
             for line in p.read_text("utf-8").splitlines() if line.startswith("-- @include ")}
    assert parts == {"schema_filter", "dependencies"}
    # the empty edge set a live pair reads instead of dependencies.sql is a part too
    stand_in = snapshot.NO_DEPENDENCIES.removesuffix(".sql")
    assert snapshot.DEPENDENCIES.removesuffix(".sql") in parts
    files = {p.stem for p in QUERIES.glob("*.sql")} - parts - {stand_in}
    assert sorted(snapshot.ORDER) == sorted(files)


@pytest.mark.parametrize("name", KINDS)
def test_kind_has_a_text_section(name: str) -> None:
    kind = spec(name)
    if name in NO_SECTION:
        assert kind.section is None
        return
    assert kind.section in SECTIONS, f"{name}: no [section] in the text dump"


@pytest.mark.parametrize("name", KINDS)
def test_kind_has_a_planner_handler(name: str) -> None:
    from schemaparity.plan.ops import HANDLERS

    assert name in HANDLERS, f"{name}: no handler in schemaparity.plan.ops.HANDLERS"


def test_planner_handles_no_unknown_kind() -> None:
    from schemaparity.plan.ops import HANDLERS

    assert set(HANDLERS) <= set(KINDS)


@pytest.mark.parametrize("name", KINDS)
def test_kind_has_a_case_folder(name: str) -> None:
    folders = [p for p in CASES.glob(f"{name}_*") if p.is_dir()]
    assert folders, f"{name}: no tests/cases/{name}_* folder"


@pytest.mark.parametrize("name", [k for k in KINDS if k in m.CLASSES])
def test_declared_fields_exist(name: str) -> None:
    """What a kind declares about its fields names fields it has."""
    kind, cls = spec(name), m.CLASSES[name]
    names = {f.name for f in fields(cls)}
    declared = (*kind.ident, *kind.expressions, *kind.sql_text, *kind.references)
    assert set(declared) <= names, f"{name}: declares fields it lacks"
    if kind.parent is not None:
        assert {"schema", kind.parent} <= names


def _allowed(cls: type, field_name: str) -> set[str]:
    hint = get_type_hints(cls)[field_name]
    literal = next(a for a in (hint, *get_args(hint)) if get_origin(a) is Literal)
    return set(get_args(literal))


@pytest.mark.parametrize(("cls", "field_name", "values"), [
    (m.Constraint, "type", convert.CONTYPES), (m.Constraint, "on_delete", convert.FK_ACTIONS),
    (m.Constraint, "on_update", convert.FK_ACTIONS), (m.Constraint, "match", convert.FK_MATCH),
    (m.Function, "volatility", convert.VOLATILITY), (m.Function, "parallel", convert.PARALLEL),
    (m.Function, "kind", convert.PROKIND), (m.Policy, "command", convert.POLCMD),
    (m.Trigger, "enabled", convert.TGENABLED), (m.Column, "identity", convert.IDENTITY),
    (m.Column, "generated_kind", convert.GENERATED),
    (m.Collation, "provider", convert.COLLPROVIDER),
], ids=lambda v: v if isinstance(v, str) else "")
def test_allowed_values_are_what_the_catalog_gives(cls: type, field_name: str,
                                                   values: dict[str, str]) -> None:
    """A dump is checked against the model's Literal types: they must hold every value the
    catalog reader makes, and nothing it never makes."""
    assert _allowed(cls, field_name) == set(values.values())
