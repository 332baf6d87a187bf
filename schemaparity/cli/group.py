"""The ``schemaparity`` command group; the commands register on it from their modules.

The command modules (and with them the database driver, the SQL parser and the templates)
are imported when a command is looked up, not before: ``schemaparity --version`` and
``schemaparity --help`` import none of them. The group's help lists the commands from
:data:`SUMMARIES` (tests/test_startup.py holds them equal to the commands' own help).
"""

from __future__ import annotations

import importlib

import click

from schemaparity import feedback

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
COMMAND_MODULES = ("compare", "dump", "inspect_cmds", "plan", "main")
# the module each command is defined in: looking a command up imports that module alone
MODULE_OF = {"diff": "compare", "check": "compare", "baseline": "compare", "dump": "dump",
             "lint": "inspect_cmds", "stats": "inspect_cmds", "plan": "plan", "verify": "plan",
             "demo": "main"}
# the first paragraph of each command's help
SUMMARIES = {
    "baseline": "Accept today's violations: write them to the baseline file.",
    "check": "Check that the configured schemas differ only as the rules expect.",
    "demo": "Run the whole tool on the example schemas and write reports/demo/.",
    "diff": "Show how schema LEFT differs from schema RIGHT.",
    "dump": "Dump the schema of SOURCE as canonical JSON or as text.",
    "lint": "Find schema smells in SOURCE: unindexed or conflicting foreign keys, duplicate "
            "indexes, tenant and membership keys, row-level security, unused types.",
    "plan": "Plan the migration that turns SOURCE into TARGET.",
    "stats": "Count what SOURCE holds: tables, columns, enums (with values), indexes by "
             "category, JSONB columns, foreign keys by action, policies, functions, triggers, "
             "views.",
    "verify": "Apply MIGRATION (a plan schemaparity wrote, or any migration .sql: "
              "hand-written, ORM-generated) to a scratch copy of SOURCE; expect TARGET.",
}


def load_commands() -> None:
    """Import every command module (each registers its commands on :data:`cli`)."""
    for name in COMMAND_MODULES:
        importlib.import_module(f"schemaparity.cli.{name}")


class LazyGroup(click.Group):
    """A group whose commands are imported on first lookup."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(SUMMARIES) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            if cmd_name in MODULE_OF:
                importlib.import_module(f"schemaparity.cli.{MODULE_OF[cmd_name]}")
            if cmd_name not in self.commands:
                load_commands()
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not set(SUMMARIES) - set(self.commands):  # loaded: their own help
            super().format_commands(ctx, formatter)
            return
        limit = formatter.width - 6 - max(len(name) for name in SUMMARIES)
        rows = [(name, click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit))
                for name in sorted(SUMMARIES)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings=CONTEXT)
@click.version_option(None, "-V", "--version", package_name="schemaparity",
                      prog_name="schemaparity")  # the version is looked up when asked for
@click.option("-v", "--verbose", count=True,
              help="Log the SQL and commands being run on stderr, passwords removed "
                   "(-vv: in full).")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress output (it is shown only on a terminal anyway).")
def cli(verbose: int, quiet: bool) -> None:
    """Dump, diff and check PostgreSQL schemas for parity.

    A SOURCE is a connection URL (postgresql://user@host/db) or keyword DSN
    ("host=... dbname=..."; libpq variables such as PGPASSWORD are honoured), a .sql file
    (loaded into a throwaway scratch server) or a .json dump written by `schemaparity dump`.

    Exit codes: 0 same / ok, 1 differences, 2 usage, input or connection errors, 3 internal
    error.
    """
    feedback.configure(quiet=quiet, verbose=verbose)
