"""The compiled check-and-build of dump objects accepts exactly what the field-by-field check
accepts, and builds what the plain builder builds: on every object of the committed dumps, and
on each of their fields replaced by values of every other JSON class (or left out)."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

import pytest

from schemaparity import model as m
from schemaparity.dumpbuild import builder
from schemaparity.dumpcheck import object_check
from schemaparity.dumpload import KIND_CLASSES, build_object

from .conftest import DUMPS

# every JSON class, and lists and objects of them: what a damaged field may hold
VALUES: list[Any] = ["x", "", 0, 1, -5, True, False, None, 1.5, [], ["a"], [1], [True],
                     [None], ["a", None], [["a", "b"]], [["a", "b", None]], [[1, 2]], {},
                     {"a": 1}, [{"name": "c", "position": 1, "type": "int"}],
                     [{"name": "c", "position": True, "type": "int"}], "table", "primary key",
                     "always", "by default", "stored", "row", "origin", "all", "libc"]


def _objects() -> list[tuple[type, dict[str, Any]]]:
    """One object per kind and per set of fields present, of every committed dump."""
    seen: dict[tuple[type, tuple[str, ...]], dict[str, Any]] = {}
    for path in sorted(DUMPS.glob("*.json")):
        for attr, objs in json.loads(path.read_text("utf-8"))["objects"].items():
            for obj in objs.values():
                seen.setdefault((KIND_CLASSES[attr], tuple(obj)), obj)
                for c in obj.get("columns", []) if attr == "tables" else ():
                    if c.__class__ is dict:
                        seen.setdefault((m.Column, tuple(c)), c)
    return [(cls, obj) for (cls, _), obj in seen.items()]


def _same(cls: type, obj: Any) -> None:
    """The compiled pass and the check agree on ``obj``, and build the same object."""
    built = builder(cls)(obj, {})
    error = object_check(cls)(obj)
    assert (built is None) == (error is not None), (cls.__name__, obj, error)
    if built is not None:
        plain = build_object(cls, obj)
        assert built == plain and built.__class__ is plain.__class__
        for f in fields(cls):  # depends takes no part in ==; a JSON class is no other
            x, y = getattr(built, f.name), getattr(plain, f.name)
            assert x == y and x.__class__ is y.__class__, (cls.__name__, f.name)


def test_every_committed_object_builds_as_before() -> None:
    objs = _objects()
    assert {cls for cls, _ in objs} >= {m.Table, m.Column, m.Constraint, m.Index,
                                         m.Function, m.View, m.Policy, m.Trigger}
    for cls, obj in objs:
        assert builder(cls)(obj, {}) is not None, (cls.__name__, obj)
        _same(cls, obj)


@pytest.mark.parametrize("cls", sorted(set(m.CLASSES.values()), key=lambda c: c.__name__),
                         ids=lambda c: c.__name__)
def test_a_damaged_field_is_refused_as_the_check_refuses_it(cls: type) -> None:
    """Each field of a sample object of the class: every other value, left out, and an
    unknown field or a non-object beside it."""
    samples = [obj for c, obj in _objects() if c is cls][:3]
    if not samples:
        pytest.skip(f"no committed dump holds a {cls.__name__}")
    for obj in samples:
        for f in fields(cls):
            for value in VALUES:
                _same(cls, {**obj, f.name: value})
            _same(cls, {k: v for k, v in obj.items() if k != f.name})
        _same(cls, {**obj, "unknown": 1})
        for other in ([obj], "x", None, 1):
            assert builder(cls)(other, {}) is None


def test_equal_columns_are_one_object_and_differing_classes_two() -> None:
    memo: dict[Any, Any] = {}
    build = builder(m.Column)
    one = build({"name": "id", "position": 1, "type": "integer"}, memo)
    assert build({"type": "integer", "position": 1, "name": "id"}, memo) is one
    assert build({"name": "id", "position": 1, "type": "integer", "depends": ["x"]},
                 memo) is not one
    assert build({"name": "id", "position": True, "type": "integer"}, memo) is None
    table = builder(m.Table)({"schema": "s", "name": "t", "columns": [
        {"name": "id", "position": 1, "type": "integer"}]}, memo)
    assert table.columns[0] is one
