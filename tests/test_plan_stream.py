"""``plan`` writes its SQL as it is made: the file, standard output and the pieces are the
bytes of ``to_sql``, the same plan's text held whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from schemaparity import dumpfile
from schemaparity.cli.main import cli
from schemaparity.plan import PlanOptions, build
from schemaparity.plan.render import sql_text, to_sql

from .conftest import DUMPS

PAIRS = (("agent_platform_oss", "agent_platform_cloud"),
         ("agent_platform_cloud", "agent_platform_oss"))


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_the_pieces_are_the_text(a: str, b: str) -> None:
    plan = build(dumpfile.load(DUMPS / f"{a}.json"), dumpfile.load(DUMPS / f"{b}.json"),
                 PlanOptions(backfill={"*.*.*": "NULL"}))
    pieces = list(sql_text(plan))
    assert "".join(pieces) == to_sql(plan).text
    assert len(pieces) > 1 or len(plan.steps) < 100  # more than one piece on a big plan


@pytest.mark.parametrize("at_once", [1, 2, 7, 10**9])
def test_comment_blocks_rendered_a_few_at_a_time_are_the_text(at_once: int,
                                                              monkeypatch) -> None:
    """The comment blocks over the steps are rendered a chunk at a time as the text reaches
    them: any chunk size gives the same bytes, with each block over its own step."""
    from schemaparity.plan import render

    plan = build(dumpfile.load(DUMPS / "agent_platform_oss.json"),
                 dumpfile.load(DUMPS / "agent_platform_cloud.json"),
                 PlanOptions(backfill={"*.*.*": "NULL"}))
    whole = to_sql(plan)
    monkeypatch.setattr(render, "BLOCKS_AT_ONCE", at_once)
    assert to_sql(plan) == whole and "".join(sql_text(plan)) == whole.text
    assert len(plan.steps) > 50
    for step in plan.steps:  # each step's header names it, just above its SQL
        assert f"-- step {step.id}\n" in whole.text


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_the_cli_writes_the_text(a: str, b: str, tmp_path: Path) -> None:
    source, target = str(DUMPS / f"{a}.json"), str(DUMPS / f"{b}.json")
    plan = build(dumpfile.load(source), dumpfile.load(target),
                 PlanOptions(backfill={"*.*.*": "NULL"}), source_name=source,
                 target_name=target)
    args = ["plan", source, target, "--allow-hazards", "all", "--backfill", "*.*.*=NULL"]
    out = tmp_path / "plan.sql"
    written = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert written.exit_code == 0, written.output
    shown = CliRunner().invoke(cli, args)
    assert shown.exit_code == 0, shown.output
    assert out.read_text("utf-8") == to_sql(plan).text
    assert shown.stdout == to_sql(plan).text


def test_planning_and_writing_run_no_collection(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The planner and the plan's writer pause the garbage collector (a plan makes no
    garbage cycle; young collections were 0.17 s of a 10,000-table plan): none runs while
    they work, even at a threshold of 100 objects, and it is on again after them."""
    import gc

    from schemaparity.cli import plan as plan_cli
    from schemaparity.diff import compare
    from schemaparity.normalize import normalize_pair
    from schemaparity.plan import build_normalized

    a, b = PAIRS[0]
    pair = normalize_pair(dumpfile.load(DUMPS / f"{a}.json"), dumpfile.load(DUMPS / f"{b}.json"))
    d = compare(pair, a, b)
    options = PlanOptions(backfill={"*.*.*": "NULL"})
    runs: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    was = gc.get_threshold()
    gc.set_threshold(100)
    gc.callbacks.append(count)
    try:
        plan = build_normalized(pair, d, options, (a, b), ("x", "y"))
        # at most the young collection the first allocation after the pause sets off (its
        # generation is empty: the plan's objects went to the oldest one); without the
        # pause, hundreds
        assert len(runs) <= 1 and gc.isenabled()
        assert len(plan.steps) > 100
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*was)
    seen: list[bool] = []
    real_write = plan_cli.write

    def write(text, output):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        real_write(text, output)

    monkeypatch.setattr(plan_cli, "write", write)
    out = CliRunner().invoke(cli, ["plan", str(DUMPS / f"{a}.json"), str(DUMPS / f"{b}.json"),
                                   "--allow-hazards", "all", "--backfill", "*.*.*=NULL",
                                   "-o", str(tmp_path / "p.sql")])
    assert out.exit_code == 0, out.output
    assert seen == [False] and gc.isenabled()
