"""Command line: thin click commands that parse, call the library and pick a renderer."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from schemaparity import __version__, dumpfile
from schemaparity.catalog import DumpOptions
from schemaparity.errors import SchemaParityError
from schemaparity.scratch import BACKENDS
from schemaparity.source import ScratchOptions, resolve

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def scratch_options(fn):  # type: ignore[no-untyped-def]
    """Options shared by every command that may load a .sql file into a scratch server."""
    fn = click.option("--create-roles", is_flag=True,
                      help="Create roles a .sql file needs (NOLOGIN) on the scratch server "
                           "before loading it.")(fn)
    fn = click.option("--pg-bin", metavar="DIR", envvar="SCHEMAPARITY_PG_BIN",
                      help="Directory with initdb/postgres for the 'local' backend "
                           "[env SCHEMAPARITY_PG_BIN].")(fn)
    fn = click.option("--scratch", type=click.Choice(BACKENDS), envvar="SCHEMAPARITY_SCRATCH",
                      help="Scratch server backend for .sql sources (default: the first of "
                           "dsn, embedded, local, docker that works and has the extensions "
                           "the file needs) [env SCHEMAPARITY_SCRATCH].")(fn)
    return fn


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="schemaparity")
def cli() -> None:
    """Dump, diff and check PostgreSQL schemas for parity.

    A SOURCE is a connection URL (postgresql://user@host/db) or keyword DSN
    ("host=... dbname=..."; libpq variables such as PGPASSWORD are honoured), a .sql file
    (loaded into a throwaway scratch server) or a .json dump written by `schemaparity dump`.

    Exit codes: 0 same / ok, 1 differences, 2 usage, input or connection errors.
    """


@cli.command(context_settings=CONTEXT)
@click.argument("source")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the dump to FILE (atomically) instead of standard output.")
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "text"]), default=None,
              help="json (canonical, loads back) or text (one fact per line). "
                   "Default: from the -o suffix (.txt means text), else json.")
@click.option("-n", "--schema", "schemas", multiple=True, metavar="NAME",
              help="Only this schema (repeatable).")
@click.option("-N", "--exclude-schema", "exclude_schemas", multiple=True, metavar="NAME",
              help="Leave this schema out (repeatable).")
@click.option("--owners", is_flag=True, help="Record object owners.")
@click.option("--privileges", is_flag=True, help="Record privileges (ACLs).")
@click.option("--row-counts", type=click.Choice(["exact", "estimate"]), default=None,
              help="Record row counts: exact (count(*)) or estimate (planner statistics).")
@click.option("--version-table", "version_tables", multiple=True, metavar="PATTERN",
              help="Glob of migration version tables whose rows are recorded "
                   "(repeatable; default alembic_version*).")
@click.option("--statement-timeout", type=click.IntRange(min=1), default=120, metavar="SECONDS",
              show_default=True, help="Statement timeout for the catalog reads.")
@scratch_options
def dump(source: str, output: str | None, fmt: str | None, schemas: tuple[str, ...],
         exclude_schemas: tuple[str, ...], owners: bool, privileges: bool,
         row_counts: str | None, version_tables: tuple[str, ...], statement_timeout: int,
         scratch: str | None, pg_bin: str | None, create_roles: bool) -> None:
    """Dump the schema of SOURCE as canonical JSON or as text.

    Reads one consistent snapshot (REPEATABLE READ, READ ONLY): nothing is written to the
    database. The same schema always gives the same bytes.

    \b
    Examples:
      schemaparity dump postgresql://app@db.internal/app -o app.json
      schemaparity dump schema.sql --format text
      schemaparity dump "host=localhost dbname=app" -n public -o app.txt
    """
    if fmt is None:
        fmt = "text" if output and Path(output).suffix == ".txt" else "json"
    options = DumpOptions(
        schemas=schemas, exclude_schemas=exclude_schemas, owners=owners,
        privileges=privileges, row_counts=row_counts,
        version_tables=version_tables or DumpOptions().version_tables,
        statement_timeout_ms=statement_timeout * 1000,
    )
    catalog = resolve(source, options, ScratchOptions(scratch, pg_bin, create_roles))
    text = dumpfile.render(catalog, fmt)
    if output:
        dumpfile.write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors become one line on stderr and exit code 2, never a traceback."""
    try:
        cli.main(args=argv, prog_name="schemaparity", standalone_mode=False)
    except SchemaParityError as exc:
        click.echo(f"schemaparity: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        if type(exc).__name__.startswith("NoArgsIsHelp") and exc.ctx is not None:
            click.echo(exc.ctx.get_help())
            sys.exit(2)
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        click.echo(f"schemaparity: error: {exc.format_message()}{hint}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("schemaparity: interrupted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("schemaparity: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except OSError as exc:
        click.echo(f"schemaparity: error: {exc.strerror or exc}: "
                   f"{getattr(exc, 'filename', '') or ''}".rstrip(": "), err=True)
        sys.exit(2)
    sys.exit(0)
