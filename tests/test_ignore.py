"""Ignore patterns (``normalize.drop_ignored``): what they remove, against the rule written out
pattern by pattern, object by object; a catalog they remove nothing from is the same one."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import pytest

from schemaparity import dumpfile
from schemaparity import model as m
from schemaparity.normalize import column_key, drop_ignored, parse_pattern

from .conftest import DUMPS

NAMES = ["agent_platform_cloud", "kitchen_sink", "llmops_core_ee", "saas_control_plane"]
PATTERNS = ["table:*.alembic_version*", "version_table:*", "table:public.*s", "column:*.org_id",
            "column:public.?????.id", "*:*.[a-m]*", "index:*_idx", "constraint:*fkey",
            "policy:*", "*:public.users*", "table:*.[!a-z]*", "column:*.*_at", "view:*",
            "function:*", "schema:*", "sequence:*.*_seq", "trigger:*.*.*", "enum:*"]


def reference(catalog: m.Catalog, patterns: tuple[Any, ...]) -> m.Catalog:
    """The rule, one pattern and one object at a time (what drop_ignored must keep)."""
    gone = {f"{t.schema}.{t.name}" for k, t in catalog.tables.items()
            if any(p.matches(k) for p in patterns)}
    kinds: dict[str, list[Any]] = {}
    for attr, objs in catalog.objects().items():
        kept = []
        for key, o in objs.items():
            if any(p.matches(key) for p in patterns):
                continue
            parent = o.SPEC.parent
            if parent is not None and f"{o.schema}.{getattr(o, parent)}" in gone:
                continue
            if isinstance(o, m.Table):
                cols = [c for c in o.columns
                        if not any(p.matches(column_key(o, c)) for p in patterns)]
                if len(cols) != len(o.columns):
                    o = replace(o, columns=tuple(replace(c, position=i)
                                                 for i, c in enumerate(cols, 1)))
            kept.append(o)
        kinds[attr] = kept
    return m.Catalog.build(catalog.server_version, row_counts=catalog.row_counts,
                           row_count_mode=catalog.row_count_mode, engine=catalog.engine,
                           **kinds)


@pytest.fixture(scope="module")
def catalogs() -> list[m.Catalog]:
    return [dumpfile.load(DUMPS / f"{name}.json") for name in NAMES]


@pytest.mark.parametrize("texts", [(p,) for p in PATTERNS] + list(
    itertools.islice(itertools.combinations(PATTERNS, 3), 0, None, 41)))
def test_ignore_removes_what_the_rule_says(catalogs: list[m.Catalog], texts: tuple[str]) -> None:
    patterns = tuple(parse_pattern(t) for t in texts)
    for catalog in catalogs:
        got, want = drop_ignored(catalog, patterns), reference(catalog, patterns)
        assert got == want, (texts, catalog)
        assert dumpfile.to_json(got) == dumpfile.to_json(want)


def test_a_catalog_nothing_is_removed_from_is_returned_as_it_is(
        catalogs: list[m.Catalog]) -> None:
    nothing = (parse_pattern("table:*.no_such_table*"), parse_pattern("column:*.no_such"),
               parse_pattern("version_table:*"))
    for catalog in catalogs:
        if not catalog.version_tables:
            assert drop_ignored(catalog, nothing) is catalog
    some = (parse_pattern("column:*.id"),)
    assert all(drop_ignored(c, some) is not c for c in catalogs)


def test_the_engine_survives_an_ignore(catalogs: list[m.Catalog]) -> None:
    sqlite = replace(catalogs[0], engine="sqlite 3.40.1")
    kept = drop_ignored(sqlite, (parse_pattern("table:*"),))
    assert kept.engine == "sqlite 3.40.1" and not kept.tables and not kept.constraints


def test_a_glob_matches_the_whole_name_and_is_case_sensitive(catalogs: list[m.Catalog]) -> None:
    catalog = catalogs[0]
    first = next(iter(catalog.tables.values()))
    exact = drop_ignored(catalog, (parse_pattern(f"table:{first.schema}.{first.name}"),))
    assert first.key not in exact.tables and len(exact.tables) == len(catalog.tables) - 1
    prefix = f"table:{first.schema}.{first.name[:-1]}"  # a glob matches whole names only
    assert drop_ignored(catalog, (parse_pattern(prefix),)).tables.keys() >= {first.key}
    upper = f"table:{first.schema}.{first.name.upper()}"
    if first.name != first.name.upper():
        assert first.key in drop_ignored(catalog, (parse_pattern(upper),)).tables
