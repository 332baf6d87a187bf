"""The demo end to end in a temporary directory, and its index page in Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

ARTIFACTS = [
    "index.html", "dumps/agent_platform_oss.json", "dumps/agent_platform_oss.txt",
    "dumps/llmops_core_ee.txt", "diff/agent-platform.txt", "diff/agent-platform.json",
    "diff/agent-platform.md", "diff/agent-platform.html", "diff/agent-platform.xml",
    "diff/agent-platform.github.txt", "check/check.txt", "check/check.html",
    "check/local.txt", "check/local.html", "dumps/agent_platform_local.json",
    "lint/llmops_core_ee.txt", "stats/saas_control_plane.json", "plan/llmops-core.sql",
    "plan/llmops-core.json", "plan/llmops-core-verify.html",
]


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-root")
    shutil.copytree(ROOT / "dumps", root / "dumps")
    for name in ("schemaparity.toml", "schemaparity-baseline.json"):
        shutil.copy(ROOT / name, root / name)
    out = root / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHEMAPARITY_SCRATCH")}
    proc = subprocess.run([sys.executable, "-m", "schemaparity", "demo", "--root", str(root),
                           "--out", str(out)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "parity holds" in proc.stdout and "verified" in proc.stdout
    return out


@pytest.mark.parametrize("name", ARTIFACTS)
def test_demo_writes_every_artifact(demo_out: Path, name: str) -> None:
    path = demo_out / name
    assert path.exists() and path.stat().st_size > 0


def test_demo_plan_is_the_verified_convergence(demo_out: Path) -> None:
    text = (demo_out / "plan" / "llmops-core.sql").read_text()
    assert "-- ==== phase 3: backfill" in text
    assert 'SET SCHEMA "archive"' in text  # the demo archives the legacy tables


def test_demo_shows_the_local_sqlite_edition_check(demo_out: Path) -> None:
    text = (demo_out / "check" / "local.txt").read_text("utf-8")
    assert "check agent-platform-local: agent_local -> agent_cloud" in text
    assert "parity holds" in text and "test 5: no IAM tables" in text
    assert '"engine": "sqlite' in (demo_out / "dumps" / "agent_platform_local.json").read_text()
    index = (demo_out / "index.html").read_text("utf-8")
    assert "Local edition on SQLite vs the cloud edition on PostgreSQL" in index
    assert 'href="check/local.html"' in index


def test_index_links_resolve_in_chromium(demo_out: Path, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text)
            if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto((demo_out / "index.html").as_uri(), wait_until="load")
    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) > 40
    missing = [h for h in hrefs if not (demo_out / h).is_file()]
    assert missing == []
    assert problems == []
    shot = (ROOT / "reports" / "demo-index.png"
            if os.environ.get("SCHEMAPARITY_UPDATE_EXPECTED") else demo_out / "index.png")
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.close()


def test_a_bug_in_the_demo_script_is_exit_3(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    from schemaparity import demo

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("no luck")

    monkeypatch.setattr(demo, "start_server", boom)
    assert demo.script(["--root", str(ROOT), "--out", str(tmp_path), "-q"]) == 3
    assert capsys.readouterr().err.splitlines() == [
        "schemaparity demo: internal error: RuntimeError: no luck "
        "(run `schemaparity -v demo` to see the traceback)"]
