"""``schemaparity verify PLAN SOURCE TARGET`` with its arguments in the wrong order, or a plan
that is not text, is one line and exit 2 — before any scratch server starts."""

from __future__ import annotations

from pathlib import Path

from .conftest import DUMPS
from .test_cli import assert_one_line_error, run

OSS, EE = DUMPS / "agent_platform_oss.sql", DUMPS / "agent_platform_cloud.sql"


def a_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.sql"
    proc = run("plan", str(DUMPS / "agent_platform_cloud.json"),
               str(DUMPS / "agent_platform_oss.json"), "--allow-hazards", "all", "-o", str(plan))
    assert proc.returncode == 0, proc.stderr
    assert plan.read_text().startswith("-- schemaparity migration plan:")
    return plan


def test_schema_files_first_and_the_plan_last_is_one_line(tmp_path: Path) -> None:
    plan = a_plan(tmp_path)
    proc = run("verify", str(OSS), str(EE), str(plan))
    assert_one_line_error(proc, str(plan), "given as TARGET", "PLAN_FILE SOURCE TARGET")


def test_the_plan_given_as_source_is_named(tmp_path: Path) -> None:
    plan = a_plan(tmp_path)
    proc = run("verify", str(OSS), str(plan), str(EE))
    assert_one_line_error(proc, "given as SOURCE")


def test_a_plan_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sql"
    bad.write_bytes(b"SELECT 1;\n\xff\xfe\n")
    proc = run("verify", str(bad), str(DUMPS / "agent_platform_oss.json"),
               str(DUMPS / "agent_platform_oss.json"))
    assert_one_line_error(proc, "bad.sql", "not UTF-8")


def test_a_schema_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.sql"
    bad.write_bytes(b"CREATE TABLE t (a text);\n-- caf\xe9\n")
    for args in (("plan", str(bad), str(DUMPS / "agent_platform_oss.json")),
                 ("diff", str(bad), str(DUMPS / "agent_platform_oss.json"))):
        assert_one_line_error(run(*args), "latin1.sql:2", "not UTF-8")
