"""``check`` of two JSON dumps reads only their differing objects, with the same verdict."""

from __future__ import annotations

import json

import pytest

from schemaparity import dumpfile
from schemaparity.checkpairs import read_pairs, sources_left
from schemaparity.config import parse
from schemaparity.dumppair import dump_keys, load_changed_pair
from schemaparity.normalize import column_key
from schemaparity.parity import judge
from schemaparity.source import resolve_all

from .conftest import DUMPS, ROOT


def all_keys(catalog) -> list[str]:
    keys = [k for objs in catalog.objects().values() for k in objs]
    return keys + [column_key(t, c) for t in catalog.tables.values() for c in t.columns]


@pytest.mark.parametrize("path", sorted(DUMPS.glob("*.json")), ids=lambda p: p.stem)
def test_dump_keys_are_the_catalog_keys(path) -> None:
    assert dump_keys(path) == all_keys(dumpfile.load(path))
    other = DUMPS / "agent_platform_cloud.json"
    pair = load_changed_pair(path, other)
    assert pair is not None
    assert dump_keys(path, pair[0]) == all_keys(dumpfile.load(path))


def test_dump_keys_of_names_with_escapes_and_newlines(tmp_path) -> None:
    """Names read on the lines' bytes: one with a quote, a backslash, a newline or a
    non-ASCII letter is read as JSON, each still its own line's."""
    from schemaparity import model as m

    names = ["plain", 'a"b', "c\\d", "e\nf", "é.g", "h\\", "\n", "i", '"']
    catalog = m.Catalog.build(150000, tables=[
        m.Table("s", n, columns=(m.Column(n, 1, "text"),)) for n in names], indexes=[
        m.Index("s", n, f"{n}_i", "CREATE INDEX", "btree") for n in names])
    path = tmp_path / "names.json"
    path.write_text(dumpfile.to_json(catalog), "utf-8")
    assert dump_keys(path) == all_keys(catalog) == all_keys(dumpfile.load(path))


def config(expect: list[dict]) -> object:
    data = {"sources": {"oss": str(DUMPS / "agent_platform_oss.json"),
                        "cloud": str(DUMPS / "agent_platform_cloud.json")},
            "checks": [{"name": "agent", "left": "oss", "right": "cloud", "expect": expect}]}
    return parse(json.loads(json.dumps(data)), ROOT / "schemaparity.toml")


# public.agents and its key are on both sides, the key the same: found on the left by
# only_right (a contract violation on an object that does not differ), and column
# absences judged on every column
EXPECT = [
    {"reason": "cloud-only tables", "only_right": [
        "table:public.organizations", "table:public.agents", "table:public.api_keys",
        "index:public.agents.agents_pkey", "schema:public"]},
    {"reason": "tenant columns", "absent_left": ["*.org_id", "*.name"]},
    {"reason": "never there", "only_left": ["table:nowhere.*"]},
]


def test_a_pair_check_judges_like_whole_catalogs() -> None:
    cfg = config(EXPECT)
    pairs = read_pairs(cfg)
    assert list(pairs) == [0]
    whole = resolve_all({"oss": cfg.sources["oss"].source,
                         "cloud": cfg.sources["cloud"].source})
    assert len(all_keys(pairs[0].left)) < len(all_keys(whole["oss"]))
    assert sources_left(cfg, pairs) == {}
    fast, slow = judge(cfg, {}, pairs=pairs), judge(cfg, whole)
    assert fast == slow
    found = {i.change.key for i in fast.checks[0].violations}
    assert {"table:public.agents", "column:public.agents.name",
            "index:public.agents.agents_pkey", "schema:public"} <= found


def test_a_check_that_needs_whole_catalogs_reads_them() -> None:
    cfg = config([*EXPECT, {"reason": "slug", "map_constraint": {
        "left": "UNIQUE (slug)", "right": "UNIQUE (org_id, slug)"}}])
    pairs = read_pairs(cfg)
    assert pairs == {}
    assert set(sources_left(cfg, pairs)) == {"oss", "cloud"}


@pytest.mark.parametrize("path", sorted(DUMPS.glob("*.json"))[:4], ids=lambda p: p.stem)
def test_a_check_pair_is_the_changed_pair_with_its_keys(path) -> None:
    from schemaparity.dumppair import load_check_pair

    other = DUMPS / "agent_platform_cloud.json"
    got = load_check_pair(path, other)
    pair = load_changed_pair(path, other)
    assert got is not None and pair is not None
    assert got[0] == pair[0] and got[1] == pair[1]
    assert got[2] == all_keys(dumpfile.load(path)) and got[3] == all_keys(dumpfile.load(other))
