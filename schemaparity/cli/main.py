"""The entry point: every way a command can end, turned into one line and an exit code.

0 same / ok, 1 differences, 2 bad input (usage, input, connection), 3 internal error: an
unexpected exception is a bug, never exit 1, which CI would read as drift."""

from __future__ import annotations

import logging
import sys
import traceback

import click

from schemaparity import feedback, gcpolicy
from schemaparity.cli.group import CONTEXT, cli
from schemaparity.errors import SchemaParityError

INTERNAL_ERROR = 3


@cli.command(context_settings=CONTEXT)
@click.option("--root", default=".", show_default=True, type=click.Path(file_okay=False),
              help="The schemaparity repository (it holds dumps/ and schemaparity.toml).")
@click.option("--out", default="reports/demo", show_default=True,
              type=click.Path(file_okay=False), help="Where to write every artifact.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary.")
def demo(root: str, out: str, quiet: bool) -> None:
    """Run the whole tool on the example schemas and write reports/demo/.

    Dumps, a diff in every format, the parity check, lint, stats and a verified migration
    plan, linked from reports/demo/index.html. Needs only the embedded server.
    """
    from schemaparity.demo import main as demo_main

    args = ["--root", root, "--out", out] + (["--quiet"] if quiet else [])
    raise click.exceptions.Exit(demo_main(args))


def command_of(argv: list[str]) -> str:
    """The command named on the command line (the first word that is not an option)."""
    names = cli.list_commands(click.Context(cli))
    return next((a for a in argv if not a.startswith("-") and a in names), "")


def internal_error(argv: list[str], exc: BaseException) -> None:
    """One line for a bug (with -v the traceback before it); exit 3."""
    verbose = feedback.log.isEnabledFor(logging.DEBUG)  # -v given and parsed
    if verbose:
        traceback.print_exception(exc, file=sys.stderr)
    name = " ".join(filter(None, ("schemaparity", command_of(argv))))
    hint = "" if verbose else " (run with -v to see the traceback)"
    click.echo(f"{name}: internal error: {type(exc).__name__}: {exc}{hint}", err=True)
    sys.exit(INTERNAL_ERROR)


def entry() -> None:
    """The console script and ``python -m schemaparity``: :func:`main`, in a process that
    ends with its command (what the command made is left to the operating system)."""
    gcpolicy.ends_process()
    main()


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors become one line on stderr and exit code 2, never a traceback;
    a bug is one line and exit 3."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        try:
            with gcpolicy.command():  # the whole command: dump, diff, render
                code = cli.main(args=args, prog_name="schemaparity", standalone_mode=False)
        finally:
            feedback.done()
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
    except (click.Abort, KeyboardInterrupt):
        click.echo("schemaparity: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except OSError as exc:
        click.echo(f"schemaparity: error: {exc.strerror or exc}: "
                   f"{getattr(exc, 'filename', '') or ''}".rstrip(": "), err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - a bug: say so, exit 3
        internal_error(args, exc)
    sys.exit(code if isinstance(code, int) else 0)
