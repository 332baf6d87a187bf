"""``schemaparity diff``, ``check`` and ``baseline``: two schemas, or the configured ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from schemaparity import api
from schemaparity.cli.common import (
    CONTEXT,
    F,
    dump_options,
    emit,
    format_option,
    output_option,
    pairs,
    schema_options,
    scratch_of,
    scratch_options,
)
from schemaparity.cli.group import cli
from schemaparity.errors import UsageError
from schemaparity.normalize import Rules
from schemaparity.parity import from_diff, write_baseline
from schemaparity.report import FORMATS


def report_options(fn: F) -> F:
    fn = output_option("the report")(fn)
    fn = format_option(FORMATS,
                       help="text (terminal), json (stable schema), md (PR comment), html "
                            "(standalone page), junit (CI test report), github (Actions "
                            "annotations).")(fn)
    return fn


def config_option(help: str) -> Callable[[F], F]:
    return click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
                        help=help)


@cli.command("diff", context_settings=CONTEXT)
@click.argument("left")
@click.argument("right")
@report_options
@click.option("-i", "--ignore", "ignore", multiple=True, metavar="PATTERN",
              help="Leave out objects matching kind:glob, e.g. 'table:public.tmp_*' or "
                   "'column:*.org_id' (repeatable).")
@click.option("--rename-schema", "rename_schemas", multiple=True, metavar="OLD=NEW",
              help="Compare LEFT's schema OLD as RIGHT's schema NEW (repeatable).")
@click.option("--rename-table", "rename_tables", multiple=True, metavar="S.OLD=S.NEW",
              help="Compare LEFT's table S.OLD as RIGHT's S.NEW (repeatable).")
@click.option("--column-order", type=click.Choice(["report", "ignore"]), default="report",
              show_default=True, help="Report a change of column order (as a low-severity "
                                      "change of its own) or ignore it.")
@schema_options()
@scratch_options
def diff_cmd(left: str, right: str, fmt: str, output: str | None, ignore: tuple[str, ...],
             rename_schemas: tuple[str, ...], rename_tables: tuple[str, ...],
             column_order: str, schemas: tuple[str, ...], exclude_schemas: tuple[str, ...],
             scratch: str | None, pg_bin: str | None, create_roles: bool) -> None:
    """Show how schema LEFT differs from schema RIGHT.

    LEFT and RIGHT are any SOURCE. Objects are matched by qualified name; equal expressions
    rendered differently by the server compare equal; constraints and indexes that differ
    only by name are reported as renamed. Exits 0 when there are no differences, 1 when
    there are, 2 on errors.

    \b
    Examples:
      schemaparity diff postgresql://db/oss postgresql://db/ee
      schemaparity diff dumps/oss.sql dumps/ee.json --ignore 'column:*.org_id'
      schemaparity diff staging.json prod.json --format md -o drift.md
    """
    rules = Rules.make(ignore=ignore, rename_schemas=pairs(rename_schemas, "--rename-schema"),
                       rename_tables=pairs(rename_tables, "--rename-table"),
                       column_order=column_order)
    result = api.diff(left, right, rules, dump_options(schemas, exclude_schemas),
                      scratch_of(scratch, pg_bin, create_roles))
    verdict = from_diff(result)
    emit(verdict, fmt, output)
    raise click.exceptions.Exit(verdict.exit_code)


@cli.command(context_settings=CONTEXT)
@config_option("Configuration file (default: schemaparity.toml, else the "
               "[tool.schemaparity] table of pyproject.toml).")
@click.option("-b", "--baseline", type=click.Path(dir_okay=False),
              help="Baseline of accepted drift (default: the config's 'baseline').")
@report_options
@scratch_options
@click.argument("names", nargs=-1, metavar="[NAME]...")
def check(config_path: str | None, baseline: str | None, fmt: str, output: str | None,
          scratch: str | None, pg_bin: str | None, create_roles: bool,
          names: tuple[str, ...]) -> None:
    """Check that the configured schemas differ only as the rules expect.

    Runs every check of the configuration, or only the checks NAME... (and reads only the
    sources they compare).

    Every difference is expected (by a rule, with its reason), accepted (in the baseline)
    or a violation. A source given as a dump with `from = SOURCE` is also checked against
    where it came from, so a stale committed dump fails. Exits 0 when parity holds, 1 on
    violations, 2 on errors.

    \b
    Examples:
      schemaparity check
      schemaparity check agent-platform-local
      schemaparity check --config ci/parity.toml --format github
      schemaparity check --format md -o parity.md
    """
    verdict = api.check(api.load_config(config_path), Path(baseline) if baseline else None,
                        scratch_of(scratch, pg_bin, create_roles), names=names)
    emit(verdict, fmt, output)
    raise click.exceptions.Exit(verdict.exit_code)


@cli.command(context_settings=CONTEXT)
@config_option("Configuration file (as for check).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Baseline file to write (default: the config's 'baseline').")
@scratch_options
def baseline(config_path: str | None, output: str | None, scratch: str | None,
             pg_bin: str | None, create_roles: bool) -> None:
    """Accept today's violations: write them to the baseline file.

    Afterwards `schemaparity check` fails only on new drift, and reports baseline entries
    that no longer occur as stale.

    \b
    Example:
      schemaparity baseline -o schemaparity-baseline.json
    """
    cfg = api.load_config(config_path)
    target = Path(output) if output else cfg.baseline
    if target is None:
        raise UsageError("no baseline file: pass -o FILE or set 'baseline' in the config")
    verdict = api.check(cfg, Path("/nonexistent-baseline"),
                        scratch_of(scratch, pg_bin, create_roles))
    n = write_baseline(target, verdict)
    click.echo(f"wrote {target}: {n} accepted difference{'s' if n != 1 else ''}")
