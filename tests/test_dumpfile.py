"""Dump files: the fast pair loader gives the same diff as loading both dumps whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemaparity import dumpfile
from schemaparity.diff import diff

from .conftest import DUMPS

PAIRS = [("agent_platform_oss", "agent_platform_cloud"), ("llmops_core_oss", "llmops_core_ee"),
         ("kitchen_sink", "kitchen_sink_reordered"), ("llmops_tracing_oss", "llmops_tracing_ee"),
         ("saas_control_plane", "agent_api_rls")]


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_changed_pair_diffs_like_the_whole_dumps(a: str, b: str) -> None:
    pa, pb = DUMPS / f"{a}.json", DUMPS / f"{b}.json"
    pair = dumpfile.load_changed_pair(pa, pb)
    assert pair is not None
    assert diff(*pair).changes == diff(dumpfile.load(pa), dumpfile.load(pb)).changes
    assert len(pair[0]) <= len(dumpfile.load(pa))


def test_changed_pair_of_identical_dumps_is_empty() -> None:
    path = DUMPS / "kitchen_sink.json"
    a, b = dumpfile.load_changed_pair(path, path)
    assert len(a) == len(b) == 0 and diff(a, b).identical


def test_non_canonical_layout_falls_back(tmp_path: Path) -> None:
    data = json.loads((DUMPS / "kitchen_sink.json").read_text())
    other = tmp_path / "pretty.json"
    other.write_text(json.dumps(data, indent=4))
    assert dumpfile.load_changed_pair(DUMPS / "kitchen_sink.json", other) is None
    assert dumpfile.load(other) == dumpfile.load(DUMPS / "kitchen_sink.json")


def test_a_moved_trailing_comma_is_no_change(tmp_path: Path) -> None:
    """Lines are compared whole first; the object before a removed last one loses its comma,
    and that alone must not make it a changed object."""
    data = dumpfile.load(DUMPS / "kitchen_sink.json")
    last = list(data.indexes)[-1]
    smaller = dumpfile.from_json(dumpfile.to_json(data))
    del smaller.indexes[last]
    path = tmp_path / "smaller.json"
    path.write_text(dumpfile.to_json(smaller))
    a, b = dumpfile.load_changed_pair(DUMPS / "kitchen_sink.json", path)
    assert list(a.indexes) == [last] and not b.indexes
    assert [(c.key, c.op) for c in diff(a, b).changes] == [(last, "removed")]
