"""The README's runnable blocks run, and exit as the README says they do.

A ``sh runnable`` block runs in bash; a ``python runnable`` block runs in this Python and
must print exactly the ``text`` block that follows it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

BLOCK = re.compile(r"^```sh runnable(?: exit=(?P<exit>\d+))?\n(?P<body>.*?)^```", re.M | re.S)
PYTHON = re.compile(r"^```python runnable\n(?P<body>.*?)^```\n\n```text\n(?P<out>.*?)^```",
                    re.M | re.S)


def blocks() -> list[tuple[str, int]]:
    text = (ROOT / "README.md").read_text("utf-8")
    return [(m.group("body").strip(), int(m.group("exit") or 0)) for m in BLOCK.finditer(text)]


def python_blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text("utf-8")
    return [(m.group("body"), m.group("out")) for m in PYTHON.finditer(text)]


def test_the_readme_has_runnable_blocks() -> None:
    assert len(blocks()) >= 5
    text = (ROOT / "README.md").read_text("utf-8")
    assert "scripts/demo" in text and "scripts/test" in text


@pytest.mark.parametrize(("body", "code"), blocks(), ids=[b.split("\n")[0][:60] for b, _ in
                                                          blocks()])
def test_readme_block(body: str, code: int) -> None:
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{bindir}:{os.environ.get('PATH', '')}"}
    proc = subprocess.run(["bash", "-euo", "pipefail", "-c", body], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == code, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert proc.stdout.strip(), "a runnable block should show something"
    assert "Traceback" not in proc.stderr


def test_the_readme_has_a_python_example() -> None:
    assert len(python_blocks()) >= 1


@pytest.mark.parametrize(("body", "out"), python_blocks(),
                         ids=[b.split("\n")[0][:60] for b, _ in python_blocks()])
def test_readme_python_block(body: str, out: str) -> None:
    proc = subprocess.run([sys.executable, "-c", body], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout == out
