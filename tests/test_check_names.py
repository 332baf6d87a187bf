"""`check NAME...` runs only the named checks (and reads only the sources they compare); an
unknown name is one line, exit 2, naming the checks there are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemaparity import api
from schemaparity.config import ConfigError

from .conftest import ROOT
from .test_sqlite import run


@pytest.fixture
def config(tmp_path: Path) -> Path:
    dumps = ROOT / "dumps"
    path = tmp_path / "schemaparity.toml"
    path.write_text(f"""
[schemaparity.sources]
tracing_oss = "{dumps / 'llmops_tracing_oss.json'}"
tracing_ee = "{dumps / 'llmops_tracing_ee.json'}"
core_oss = "{dumps / 'llmops_core_oss.json'}"
core_ee = "{dumps / 'llmops_core_ee.json'}"
missing = "{tmp_path / 'not-there.json'}"

[schemaparity.normalize]
ignore = ["table:*.alembic_version*", "version_table:*"]
column_order = "ignore"

[[schemaparity.checks]]
name = "tracing"
left = "tracing_oss"
right = "tracing_ee"
relation = "equal"

[[schemaparity.checks]]
name = "core"
left = "core_oss"
right = "core_ee"
relation = "equal"

[[schemaparity.checks]]
name = "broken"
left = "missing"
right = "tracing_ee"
relation = "equal"
""", "utf-8")
    return path


def test_only_the_named_checks_run(config: Path) -> None:
    proc = run("check", "-c", str(config), "tracing", "-f", "json")
    assert proc.returncode == 0, proc.stderr  # "core" differs and "broken" cannot be read
    names = [c["name"] for c in json.loads(proc.stdout)["checks"]]
    assert names == ["tracing"]
    both = run("check", "-c", str(config), "core", "tracing", "-f", "json")
    assert both.returncode == 1, both.stderr
    assert [c["name"] for c in json.loads(both.stdout)["checks"]] == ["core", "tracing"]


def test_every_check_runs_without_names(config: Path) -> None:
    proc = run("check", "-c", str(config))
    assert proc.returncode == 2 and "not-there.json" in proc.stderr


def test_an_unknown_name_is_one_line(config: Path) -> None:
    proc = run("check", "-c", str(config), "tracing", "nope")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "schemaparity: error: no check named 'nope' (checks: tracing, core, broken)"]
    with pytest.raises(ConfigError, match="no check named 'nope'"):
        api.only_checks(api.load_config(config), ("nope",))
    chosen = api.only_checks(api.load_config(config), ("core", "core"))
    assert [c.name for c in chosen.checks] == ["core"]
    assert sorted(chosen.sources) == ["core_ee", "core_oss"]
