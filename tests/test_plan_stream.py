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
