"""What the commands share: option decorators, the one output writer, small parsers."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from schemaparity import files
from schemaparity.catalog.options import DumpOptions
from schemaparity.cli.group import CONTEXT  # noqa: F401 - the command modules take it from here
from schemaparity.errors import UsageError

if TYPE_CHECKING:  # imported where used: a SQLite dump needs neither driver nor planner
    from schemaparity.parity import Verdict
    from schemaparity.source import ScratchOptions

# scratch.BACKENDS, spelled out so the options do not import the scratch package (a test
# holds them equal)
BACKENDS = ("dsn", "embedded", "local", "docker")

F = TypeVar("F", bound=Callable[..., Any])


def scratch_options(fn: F) -> F:
    """Options shared by every command that may load a .sql file into a scratch server."""
    fn = click.option("--create-roles", is_flag=True,
                      help="Create roles a .sql file needs (NOLOGIN) on the scratch server "
                           "before loading it.")(fn)
    fn = click.option("--pg-bin", metavar="DIR", envvar="SCHEMAPARITY_PG_BIN",
                      help="Directory with initdb/postgres for the 'local' backend "
                           "[env SCHEMAPARITY_PG_BIN].")(fn)
    fn = click.option("--dialect", type=click.Choice(["postgresql", "sqlite"]),
                      expose_value=False, callback=_keep_dialect,
                      help="What .sql sources are written in: postgresql (loaded into a "
                           "scratch server; the default) or sqlite (SQLite DDL, loaded in "
                           "memory).")(fn)
    fn = click.option("--no-cache", is_flag=True, expose_value=False, callback=_keep_no_cache,
                      help="Load .sql sources even when their dump is in the cache "
                           "($XDG_CACHE_HOME/schemaparity, else ~/.cache/schemaparity), "
                           "and do not keep it there.")(fn)
    fn = click.option("--scratch", type=click.Choice(BACKENDS), envvar="SCHEMAPARITY_SCRATCH",
                      help="Scratch server backend for .sql sources (default: the first of "
                           "dsn, embedded, local, docker that works and has the extensions "
                           "the file needs) [env SCHEMAPARITY_SCRATCH].")(fn)
    return fn


def _keep_dialect(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta["schemaparity.dialect"] = value


def _keep_no_cache(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta["schemaparity.no_cache"] = True


def scratch_of(scratch: str | None, pg_bin: str | None, create_roles: bool) -> ScratchOptions:
    from schemaparity.source import ScratchOptions

    ctx = click.get_current_context(silent=True)
    dialect = ctx.meta.get("schemaparity.dialect") if ctx is not None else None
    no_cache = ctx is not None and bool(ctx.meta.get("schemaparity.no_cache"))
    return ScratchOptions(scratch, pg_bin, create_roles, dialect or "postgresql",
                          cache=not no_cache)


def schema_options(where: str = ", on live and .sql sources") -> Callable[[F], F]:
    """``-n/--schema`` and ``-N/--exclude-schema``."""
    def decorate(fn: F) -> F:
        fn = click.option("-N", "--exclude-schema", "exclude_schemas", multiple=True,
                          metavar="NAME",
                          help=f"Leave this schema out{where} (repeatable).")(fn)
        fn = click.option("-n", "--schema", "schemas", multiple=True, metavar="NAME",
                          help=f"Only this schema{where} (repeatable).")(fn)
        return fn
    return decorate


def dump_options(schemas: tuple[str, ...], exclude_schemas: tuple[str, ...]) -> DumpOptions:
    return DumpOptions(schemas=schemas, exclude_schemas=exclude_schemas)


def checked_output(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an output path that cannot be written before any work starts (exit 2)."""
    if value:
        files.check_output(value)
    return value


def output_option(what: str, writable: bool = True) -> Callable[[F], F]:
    """``-o/--output FILE``: the result goes to FILE, atomically (a device, FIFO or ``-`` is
    written in place); the path is checked before any work starts."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, writable=writable,
                                                          allow_dash=True),
                        callback=checked_output,
                        help=f"Write {what} to FILE (atomically) instead of standard output.")


def format_option(choices: Iterable[str], help: str, default: str | None = "text",
                  show_default: bool = True) -> Callable[[F], F]:
    """``-f/--format``."""
    return click.option("-f", "--format", "fmt", type=click.Choice(list(choices)),
                        default=default, show_default=show_default, help=help)


def write(text: str | Iterable[str], output: str | None, color: bool | None = None) -> None:
    """The one output writer: FILE atomically, else standard output."""
    if output:
        files.write_output(output, text)
    elif isinstance(text, str):
        click.echo(text, nl=False, color=color)
    else:
        for piece in text:
            click.echo(piece, nl=False)


def emit(verdict: Verdict, fmt: str, output: str | None) -> None:
    """Write a rendered report; colour only for text on a terminal (and not with NO_COLOR)."""
    from schemaparity.report import render

    color = (fmt == "text" and output is None and sys.stdout.isatty()
             and not os.environ.get("NO_COLOR"))
    write(render(verdict, fmt, color=color), output, color)


def pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    out = {}
    for v in values:
        old, sep, new = v.partition("=")
        if not sep or not old or not new:
            raise UsageError(f"{option} takes OLD=NEW, got {v!r}")
        out[old] = new
    return out
