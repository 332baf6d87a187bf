"""Start-up: ``--version`` and ``--help`` import none of the heavy modules (the commands,
the database driver, the SQL parser, the template engine, deepdiff); the group's list of
commands says what the commands' own help says."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from schemaparity.cli.group import SUMMARIES, cli, load_commands

HEAVY = ("sqlglot", "jinja2", "deepdiff", "psycopg", "schemaparity.api")
PROBE = """\
import sys
from schemaparity.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("heavy:", *(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize("flag", ["--version", "--help", "-h"])
def test_version_and_help_import_nothing_heavy(flag: str) -> None:
    assert _heavy(flag) == []


def _heavy(*args: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
                          capture_output=True, text=True, check=True)
    return proc.stdout.splitlines()[-1].split()[1:]


def test_a_command_still_loads_what_it_needs() -> None:
    assert "schemaparity.api" in _heavy("diff", "--help")


def test_summaries_are_the_commands_own_help() -> None:
    load_commands()
    assert set(SUMMARIES) == {n for n, c in cli.commands.items() if not c.hidden}
    for name, cmd in cli.commands.items():
        for limit in (45, 60, 89):
            summary = click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit)
            assert summary == cmd.get_short_help_str(limit), name


def test_a_sqlite_dump_loads_neither_driver_nor_planner(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A SQLite source is read right in the dump command: no database driver, no planner,
    no scratch server, and no SQL parser for expressions sqlglot would print as written."""
    import sqlite3

    db = tmp_path / "local.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT NOT NULL DEFAULT 'x', "
                 "active BOOLEAN DEFAULT 1)")
    conn.execute("CREATE INDEX t_n ON t (n) WHERE active = 1")
    conn.commit()
    conn.close()
    assert _heavy("dump", str(db), "-o", str(tmp_path / "d.json")) == []
    assert (tmp_path / "d.json").read_text("utf-8").startswith("{")
    conn = sqlite3.connect(db)
    conn.execute("CREATE INDEX t_upper ON t (upper(n))")
    conn.commit()
    conn.close()
    assert _heavy("dump", str(db), "-o", str(tmp_path / "e.json")) == ["sqlglot"]


def test_the_options_spell_the_scratch_backends() -> None:
    from schemaparity.cli.common import BACKENDS
    from schemaparity.scratch import BACKENDS as REAL

    assert BACKENDS == REAL


def test_a_diff_of_two_dumps_loads_neither_driver_nor_planner(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two dump files are compared without the database driver, the planner, the template
    engine or lint: a re-run of ``diff a.sql b.sql`` on cached dumps takes this path too."""
    probe = PROBE.format(heavy=("psycopg", "jinja2", "schemaparity.plan",
                                "schemaparity.verify", "schemaparity.lint"))
    args = ("diff", "dumps/llmops_core_oss.json", "dumps/llmops_core_ee.json",
            "-o", str(tmp_path / "d.txt"))
    proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.splitlines()[-1].split()[1:] == []
    assert "differences" in (tmp_path / "d.txt").read_text("utf-8")


def test_a_warm_cache_diff_of_two_sql_files_loads_no_driver(tmp_path, own_cache) -> None:  # type: ignore[no-untyped-def]
    """A re-run of ``diff a.sql b.sql`` on unchanged files reads the cached dumps: neither the
    lookup (which server would load them) nor the rest imports the database driver."""
    from schemaparity import api
    from schemaparity.source import ScratchOptions

    a, b = tmp_path / "a.sql", tmp_path / "b.sql"
    a.write_text("CREATE TABLE public.t (id integer PRIMARY KEY);\n")
    b.write_text("CREATE TABLE public.t (id integer PRIMARY KEY, note text);\n")
    api.diff(str(a), str(b), scratch=ScratchOptions("embedded"))  # fills the cache
    assert len(list(own_cache.glob("*.json"))) == 2
    probe = PROBE.format(heavy=("psycopg", "jinja2", "schemaparity.plan"))
    args = ("diff", str(a), str(b), "--scratch", "embedded", "-o", str(tmp_path / "d.txt"))
    proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.splitlines()[-1].split()[1:] == []
    assert "note" in (tmp_path / "d.txt").read_text("utf-8")
    lookup = ("import sys; from schemaparity import cache; "
              "print(cache.predicted_server('embedded', None), 'psycopg' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", lookup], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.split()[-1] == "False" and proc.stdout.startswith("embedded:")


def test_a_check_of_two_dumps_loads_neither_driver_nor_planner(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Reading a configuration (whose plan section names hazards) does not import the
    planner: ``check`` of two dump files runs without it, the driver or the template engine."""
    root = __import__("pathlib").Path(__file__).resolve().parent.parent
    config = tmp_path / "check.toml"
    config.write_text(
        "[schemaparity.sources]\n"
        f"oss = {str(root / 'dumps/llmops_core_oss.json')!r}\n"
        f"ee = {str(root / 'dumps/llmops_core_ee.json')!r}\n\n"
        "[schemaparity.plan]\nallow_hazards = [\"index_build\"]\n\n"
        "[[schemaparity.checks]]\nname = \"editions\"\nleft = \"oss\"\nright = \"ee\"\n"
        "relation = \"equal\"\n", "utf-8")
    probe = PROBE.format(heavy=("psycopg", "jinja2", "schemaparity.plan"))
    args = ("check", "-c", str(config), "-o", str(tmp_path / "c.txt"))
    proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.splitlines()[-1].split()[1:] == [], proc.stderr
    assert "editions" in (tmp_path / "c.txt").read_text("utf-8")


def test_a_plan_of_two_dumps_loads_no_driver(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A plan between two dump files quotes its names without the database driver and
    leaves verify and the scratch servers alone (the example configuration's backfill rules
    and insert step are read: sqlglot is loaded for them)."""
    probe = PROBE.format(heavy=("psycopg", "schemaparity.verify", "schemaparity.scratch.base"))
    args = ("plan", "dumps/llmops_core_oss.json", "dumps/llmops_core_ee.json",
            "--allow-hazards", "all", "-o", str(tmp_path / "p.sql"))
    proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.splitlines()[-1].split()[1:] == []
    assert "-- step " in (tmp_path / "p.sql").read_text("utf-8")
