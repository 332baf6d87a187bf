"""The ``schemaparity`` command group; the commands register on it from their modules."""

from __future__ import annotations

import click

from schemaparity import __version__, feedback
from schemaparity.cli.common import CONTEXT


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="schemaparity")
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
