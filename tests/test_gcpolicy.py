"""What a command leaves to the end of its process (``gcpolicy.left``): never freed when the
process ends with the command (the console script), freed as usual otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """\
import gc, sys
from schemaparity import gcpolicy

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        with open(sys.argv[1], "a") as fh:
            fh.write(self.name + " freed\\n")

if sys.argv[2] == "ends":
    gcpolicy.ends_process()
with gcpolicy.command():
    kept, other = Noisy("kept"), Noisy("other")
    gcpolicy.left(kept)
    del kept, other
    gc.collect()
    with open(sys.argv[1], "a") as fh:
        fh.write("command ended\\n")
with open(sys.argv[1], "a") as fh:
    fh.write(f"frozen {gc.get_freeze_count() > 0}\\n")
"""


@pytest.mark.parametrize(("mode", "expected"), [
    # the process ends with its command: what it left is never freed, not even at exit
    ("ends", ["other freed", "command ended", "frozen True"]),
    # a library caller (or a test calling main() in-process): nothing is kept, nothing frozen
    ("library", ["kept freed", "other freed", "command ended", "frozen False"]),
])
def test_what_a_command_left_is_freed_only_when_its_process_goes_on(
        tmp_path: Path, mode: str, expected: list[str]) -> None:
    log = tmp_path / "log"
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(log), mode],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert log.read_text().splitlines() == expected


def test_the_console_script_writes_a_whole_plan_and_its_exit_code(tmp_path: Path) -> None:
    """``python -m schemaparity`` (the entry that leaves the plan to the process's end) still
    writes every byte and exits as the command says."""
    root = Path(__file__).resolve().parent.parent
    a, b = root / "dumps" / "llmops_core_oss.json", root / "dumps" / "llmops_core_ee.json"
    out = tmp_path / "plan.sql"
    run = [sys.executable, "-m", "schemaparity", "plan", str(a), str(b), "--allow-hazards",
           "all", "--backfill", "*.*.*=NULL"]
    proc = subprocess.run([*run, "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    again = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert out.read_text() == again.stdout and again.stdout.endswith("\n")
    refused = subprocess.run(run[:6], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "plan refused" in refused.stderr
