"""``schemaparity verify MIGRATION SOURCE TARGET`` on any migration, ``--report FILE`` (text,
JSON, HTML; written also when verify fails), and the report in Chromium (PostgreSQL 18)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemaparity.report import formats

from .conftest import ROOT
from .test_cli import assert_one_line_error, run
from .test_report import updating

SCREENSHOT = ROOT / "reports" / "verify-report.png"
A = "create table t (id int primary key, code int, name text);\n"
B = "create table t (id int primary key, code bigint, name text not null);\n"
MIGRATION = ("-- written by hand\n"
             "UPDATE t SET name = 'n/a' WHERE name IS NULL;\n"
             "ALTER TABLE t ALTER COLUMN code TYPE bigint;\n"
             "ALTER TABLE t ALTER COLUMN name SET NOT NULL;\n")


def files(tmp_path: Path, migration: str = MIGRATION) -> tuple[str, str, str]:
    paths = []
    for name, text in (("m.sql", migration), ("a.sql", A), ("b.sql", B)):
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    return paths[0], paths[1], paths[2]


def test_the_verify_formats_are_registered() -> None:
    assert formats.names("verify") == ["text", "json", "html"]


def test_a_hand_written_migration_is_verified_with_a_report(scratch_env, tmp_path: Path) -> None:
    m, a, b = files(tmp_path)
    out = tmp_path / "report.json"
    proc = run("verify", m, a, b, "--seed-rows", "12", "--report", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"verified: {m} lands on {b}")
    report = json.loads(out.read_text())
    assert report["outcome"] == "verified" and report["seed_rows"] == 12
    steps = {s["step"]: s for s in report["steps"]}
    assert list(steps) == ["statement 1 (line 2)", "statement 2 (line 3)",
                           "statement 3 (line 4)"]
    assert steps["statement 1 (line 2)"]["rows_written"] == 4  # a NULL every third row
    assert steps["statement 2 (line 3)"]["rewrites"] == ["public.t"]
    assert steps["statement 2 (line 3)"]["lock"] == "ACCESS EXCLUSIVE"
    assert report["tables"] == [{"table": "public.t", "seeded": 12, "skipped": None,
                                 "kept": 12, "lost": 0, "changed": 0, "by": "primary key",
                                 "backfilled": 0}]
    text = tmp_path / "report.txt"
    assert run("verify", m, a, b, "--report", str(text)).returncode == 0
    assert "statement 2 (line 3)" in text.read_text()


def test_each_format_says_whether_a_monitored_step_waited(scratch_env, tmp_path: Path) -> None:
    """A statement run outside a transaction is watched by a monitor: a CONCURRENTLY build
    waits for it (its locks read for certain), a DO that commits is only sampled."""
    m, a, b = files(tmp_path, MIGRATION + "CREATE INDEX CONCURRENTLY t_code ON t (code);\n"
                    "DO $$ BEGIN UPDATE t SET code = code; COMMIT; END $$;\n"
                    "DROP INDEX t_code;\n")
    out = {ext: tmp_path / f"report.{ext}" for ext in ("json", "txt", "html")}
    for path in out.values():
        proc = run("verify", m, a, b, "--seed-rows", "3", "--report", str(path))
        assert proc.returncode == 0, proc.stderr
    steps = {s["step"]: s for s in json.loads(out["json"].read_text())["steps"]}
    assert steps["statement 4 (line 5)"]["waited"] is True
    assert steps["statement 5 (line 6)"]["waited"] is False
    assert steps["statement 1 (line 2)"]["waited"] is False
    lines = {line.split()[1]: line for line in out["txt"].read_text().splitlines()
             if line.startswith("  statement ")}
    assert lines["4"].endswith("monitor, waited") and lines["5"].endswith("monitor, sampled")
    assert lines["1"].endswith("own backend")
    html = out["html"].read_text()
    assert html.count("locks read while it waited") == 1 and html.count("locks sampled") == 1


def test_a_failing_verify_still_writes_its_report(scratch_env, tmp_path: Path) -> None:
    m, a, b = files(tmp_path, MIGRATION + "DELETE FROM t WHERE id = 2;\n")
    out = tmp_path / "report.json"
    proc = run("verify", m, a, b, "--seed-rows", "5", "--report", str(out))
    assert proc.returncode == 1, proc.stderr
    assert "public.t: 1 of 5 rows lost" in proc.stderr
    report = json.loads(out.read_text())
    assert report["outcome"] == "failed" and "1 of 5 rows lost" in report["message"]
    assert report["tables"][0]["lost"] == 1
    proc = run("verify", m.replace("m.sql", "x.sql"), a, b)
    assert proc.returncode == 2


def test_a_failing_statement_is_named(scratch_env, tmp_path: Path) -> None:
    m, a, b = files(tmp_path, "ALTER TABLE t ALTER COLUMN name SET NOT NULL;\n")
    proc = run("verify", m, a, b, "--seed-rows", "3")
    assert proc.returncode == 1
    assert "statement 1 (line 1) failed: column \"name\" of relation \"t\" contains null" \
        in proc.stderr


def test_a_schema_given_as_the_migration_is_one_line(scratch_env, tmp_path: Path) -> None:
    _m, a, b = files(tmp_path)
    assert_one_line_error(run("verify", b, a, b), "given as MIGRATION, is a schema",
                          "MIGRATION SOURCE TARGET", "schemaparity plan")


def test_a_migration_given_as_target_is_one_line(scratch_env, tmp_path: Path) -> None:
    m, a, b = files(tmp_path, MIGRATION + "DROP TABLE IF EXISTS legacy;\n")
    assert_one_line_error(run("verify", a, b, m), "given as TARGET, is a migration",
                          "MIGRATION SOURCE TARGET")


def test_the_plan_command_writes_an_adversarial_report(scratch_env, tmp_path: Path,
                                                       browser: Any) -> None:
    _m, a, b = files(tmp_path)
    page_file = tmp_path / "verify.html"
    proc = run("plan", a, b, "--allow-hazards", "all", "--backfill", "public.t.name='n/a'",
               "--verify", "--adversarial", "--seed-rows", "30", "--report", str(page_file),
               "-o", str(tmp_path / "plan.sql"))
    assert proc.returncode == 0, proc.stderr
    html = page_file.read_text()
    assert "NULL in future NOT NULL column public.t.name" in html
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.goto(page_file.as_uri(), wait_until="load")
    assert problems == []
    assert page.title() == "schemaparity verify: verified"
    assert page.locator("table.steps tbody tr").count() >= 3
    shot = SCREENSHOT if updating() else tmp_path / "verify-report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.close()
