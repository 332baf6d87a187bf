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
