"""The package as a user gets it: the built wheel installed into a fresh venv (not the
checkout). Its data files (catalog queries, plan and report templates) are in it, and
``schemaparity demo``, which runs on the repository's examples, says in one line that it
needs a checkout instead of crashing."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import DUMPS, ROOT


def sh(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding the wheel built from this checkout; the dependencies come from the
    test environment through a .pth file (a path entry only: the checkout's editable
    install there is not activated), so no index is needed beyond the build backend."""
    tmp = tmp_path_factory.mktemp("wheel")
    built = sh(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp / "dist",
               ROOT)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "dist").glob("schemaparity-*.whl")
    venv = tmp / "venv"
    made = sh(sys.executable, "-m", "venv", venv)
    assert made.returncode == 0, made.stderr
    site = Path(sh(venv / "bin" / "python", "-c",
                   "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = sh(venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-deps",
             "--no-index", wheel)
    assert pip.returncode == 0, pip.stderr
    where = sh(venv / "bin" / "python", "-c", "import schemaparity; print(schemaparity.__file__)",
               cwd=tmp)
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr  # not the checkout
    return venv


def test_the_wheel_carries_its_data_files(installed: Path, tmp_path: Path) -> None:
    dump = sh(installed / "bin" / "schemaparity", "dump", DUMPS / "kitchen_sink.json",
              "--format", "text", cwd=tmp_path)
    assert dump.returncode == 0, dump.stderr
    assert dump.stdout == (DUMPS / "kitchen_sink.txt").read_text()
    plan = sh(installed / "bin" / "schemaparity", "plan", DUMPS / "agent_platform_cloud.json",
              DUMPS / "agent_platform_oss.json", "--allow-hazards", "all", cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr
    assert "-- ==== phase " in plan.stdout and "DROP TABLE" in plan.stdout
    pair = (DUMPS / "agent_platform_oss.json", DUMPS / "agent_platform_cloud.json")
    diff = sh(installed / "bin" / "schemaparity", "diff", *pair, "-f", "html", cwd=tmp_path)
    assert diff.returncode == 1, diff.stderr
    checkout = sh(sys.executable, "-m", "schemaparity", "diff", *pair, "-f", "html", cwd=ROOT)
    assert diff.stdout == checkout.stdout and "<html" in diff.stdout


def test_demo_from_a_pip_install_says_it_needs_a_checkout(installed: Path,
                                                          tmp_path: Path) -> None:
    proc = sh(installed / "bin" / "schemaparity", "demo", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines == [
        "schemaparity demo: error: the demo runs on a checkout of the schemaparity repository "
        f"(no dumps/agent_platform_oss.sql under {tmp_path.resolve()}): run it from the "
        "checkout, or pass --root CHECKOUT"]
    assert list(tmp_path.iterdir()) == []  # nothing written
