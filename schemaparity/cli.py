"""Command line: thin click commands that parse, call the library and pick a renderer."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from schemaparity import __version__, dumpfile, feedback, gcpolicy
from schemaparity import lint as lint_rules
from schemaparity import stats as schema_stats
from schemaparity.catalog import DumpOptions
from schemaparity.cli_plan import register as register_plan_commands
from schemaparity.config import load as load_config
from schemaparity.diff import diff as diff_catalogs
from schemaparity.errors import SchemaParityError, UsageError
from schemaparity.livepair import live_pair
from schemaparity.normalize import Rules
from schemaparity.parity import Verdict, from_diff, write_baseline
from schemaparity.parity import run as run_checks
from schemaparity.report import FORMATS, render
from schemaparity.scratch import BACKENDS
from schemaparity.source import (
    ScratchOptions,
    describe,
    kind_of,
    resolve,
    resolve_all,
    resolve_lines,
)

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

    Exit codes: 0 same / ok, 1 differences, 2 usage, input or connection errors.
    """
    feedback.configure(quiet=quiet, verbose=verbose)


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
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=3, show_default=True,
              metavar="N", help="Connections that read the catalog side by side, all in one "
                                "exported snapshot (1: a single connection).")
@scratch_options
def dump(source: str, output: str | None, fmt: str | None, schemas: tuple[str, ...],
         exclude_schemas: tuple[str, ...], owners: bool, privileges: bool,
         row_counts: str | None, version_tables: tuple[str, ...], statement_timeout: int,
         jobs: int, scratch: str | None, pg_bin: str | None, create_roles: bool) -> None:
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
        statement_timeout_ms=statement_timeout * 1000, jobs=jobs,
    )
    scratch_options = ScratchOptions(scratch, pg_bin, create_roles)
    if fmt == "json":  # straight to lines, written kind by kind: no objects kept
        text: Iterable[str] = dumpfile.pieces(resolve_lines(source, options, scratch_options))
    else:
        text = [dumpfile.render(resolve(source, options, scratch_options), fmt)]
    if output:
        dumpfile.write_atomic(output, text)
    else:
        for piece in text:
            click.echo(piece, nl=False)


def report_options(fn):  # type: ignore[no-untyped-def]
    fn = click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                      help="Write the report to FILE (atomically) instead of standard output.")(fn)
    fn = click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS)),
                      default="text", show_default=True,
                      help="text (terminal), json (stable schema), md (PR comment), html "
                           "(standalone page), junit (CI test report), github (Actions "
                           "annotations).")(fn)
    return fn


def emit(verdict: Verdict, fmt: str, output: str | None) -> None:
    """Write a rendered report; colour only for text on a terminal (and not with NO_COLOR)."""
    color = (fmt == "text" and output is None and sys.stdout.isatty()
             and not os.environ.get("NO_COLOR"))
    text = render(verdict, fmt, color=color)
    if output:
        dumpfile.write_atomic(output, text)
    else:
        click.echo(text, nl=False, color=color)


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
@click.option("-n", "--schema", "schemas", multiple=True, metavar="NAME",
              help="Only this schema, on live and .sql sources (repeatable).")
@click.option("-N", "--exclude-schema", "exclude_schemas", multiple=True, metavar="NAME",
              help="Leave this schema out, on live and .sql sources (repeatable).")
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
    rules = Rules.make(ignore=ignore, rename_schemas=_pairs(rename_schemas, "--rename-schema"),
                       rename_tables=_pairs(rename_tables, "--rename-table"),
                       column_order=column_order)
    options = DumpOptions(schemas=schemas, exclude_schemas=exclude_schemas)
    pair = None
    if (kind_of(left) == kind_of(right) == "json" and not rename_schemas
            and not rename_tables):
        # two canonical dumps: only the objects whose lines differ need building
        pair = dumpfile.load_changed_pair(left, right)
    elif (kind_of(left) == kind_of(right) == "dsn" and not rename_schemas
            and not rename_tables):
        pair = live_pair(left, right, options)
    if pair is not None:
        cats = {"left": pair[0], "right": pair[1]}
    else:
        cats = resolve_all({"left": left, "right": right}, options,
                           ScratchOptions(scratch, pg_bin, create_roles))
    result = diff_catalogs(cats["left"], cats["right"], rules, _label(left), _label(right))
    verdict = from_diff(result)
    emit(verdict, fmt, output)
    raise click.exceptions.Exit(verdict.exit_code)


@cli.command(context_settings=CONTEXT)
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help="Configuration file (default: schemaparity.toml, else the "
                   "[tool.schemaparity] table of pyproject.toml).")
@click.option("-b", "--baseline", type=click.Path(dir_okay=False),
              help="Baseline of accepted drift (default: the config's 'baseline').")
@report_options
@scratch_options
def check(config_path: str | None, baseline: str | None, fmt: str, output: str | None,
          scratch: str | None, pg_bin: str | None, create_roles: bool) -> None:
    """Check that the configured schemas differ only as the rules expect.

    Every difference is expected (by a rule, with its reason), accepted (in the baseline)
    or a violation. A source given as a dump with `from = SOURCE` is also checked against
    where it came from, so a stale committed dump fails. Exits 0 when parity holds, 1 on
    violations, 2 on errors.

    \b
    Examples:
      schemaparity check
      schemaparity check --config ci/parity.toml --format github
      schemaparity check --format md -o parity.md
    """
    cfg = load_config(config_path)
    verdict = run_checks(cfg, Path(baseline) if baseline else None,
                         ScratchOptions(scratch, pg_bin, create_roles))
    emit(verdict, fmt, output)
    raise click.exceptions.Exit(verdict.exit_code)


@cli.command(context_settings=CONTEXT)
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help="Configuration file (as for check).")
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
    cfg = load_config(config_path)
    target = Path(output) if output else cfg.baseline
    if target is None:
        raise UsageError("no baseline file: pass -o FILE or set 'baseline' in the config")
    verdict = run_checks(cfg, Path("/nonexistent-baseline"), ScratchOptions(scratch, pg_bin,
                                                                          create_roles))
    n = write_baseline(target, verdict)
    click.echo(f"wrote {target}: {n} accepted difference{'s' if n != 1 else ''}")


def _write(text: str, output: str | None) -> None:
    if output:
        dumpfile.write_atomic(output, text)
    else:
        click.echo(text, nl=False)


@cli.command("lint", context_settings=CONTEXT)
@click.argument("source", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text (grouped by rule) or json (stable schema).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the findings to FILE (atomically) instead of standard output.")
@click.option("--disable", multiple=True, metavar="CODE",
              help="Turn a rule off, by code or name (repeatable), e.g. SP403.")
@click.option("--allow", multiple=True, metavar="CODE:GLOB",
              help="Accept one rule's findings on objects whose key or qualified name "
                   "matches GLOB (repeatable), e.g. 'SP101:public.audit_log.*'; CODE * is "
                   "every rule.")
@click.option("--fail-on", type=click.Choice(lint_rules.SEVERITIES), default=None,
              help="Lowest severity that makes the exit code 1 (default: the config's, "
                   "else warning).")
@click.option("--tenant-column", "tenant_columns", multiple=True, metavar="NAME",
              help="Column that makes a table tenant-scoped (repeatable; replaces the "
                   "default organization_id, org_id, tenant_id and camelCase forms).")
@click.option("--membership-table", "membership_tables", multiple=True, metavar="GLOB",
              help="Membership tables by name (repeatable; default *_members).")
@click.option("--member-column", "member_columns", multiple=True, metavar="NAME",
              help="Member column of membership tables (repeatable; default user_id, "
                   "userId, member_id, memberId).")
@click.option("--require-rls/--no-require-rls", default=None,
              help="Tenant-scoped tables must enable row-level security (rule SP603).")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False),
              help="Read [schemaparity.lint] from FILE (default: schemaparity.toml, else "
                   "[tool.schemaparity.lint] in pyproject.toml, else built-in defaults).")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@click.option("-n", "--schema", "schemas", multiple=True, metavar="NAME",
              help="Only this schema, on live and .sql sources (repeatable).")
@click.option("-N", "--exclude-schema", "exclude_schemas", multiple=True, metavar="NAME",
              help="Leave this schema out, on live and .sql sources (repeatable).")
@scratch_options
def lint_cmd(source: str | None, fmt: str, output: str | None, disable: tuple[str, ...],
             allow: tuple[str, ...], fail_on: str | None, tenant_columns: tuple[str, ...],
             membership_tables: tuple[str, ...], member_columns: tuple[str, ...],
             require_rls: bool | None, config_path: str | None, list_rules: bool,
             schemas: tuple[str, ...], exclude_schemas: tuple[str, ...], scratch: str | None,
             pg_bin: str | None, create_roles: bool) -> None:
    """Find schema smells in SOURCE: unindexed or conflicting foreign keys, duplicate
    indexes, tenant and membership keys, row-level security, unused types.

    Every finding names its rule (code, severity), the object and a fix. Exits 0 when no
    finding reaches --fail-on, 1 when one does, 2 on errors.

    \b
    Examples:
      schemaparity lint postgresql://app@db.internal/app
      schemaparity lint schema.sql --disable SP403 --allow 'SP101:public.legacy_*'
      schemaparity lint dumps/app.json --require-rls --format json -o lint.json
    """
    if list_rules:
        click.echo(lint_rules.rules_text(), nl=False)
        return
    if source is None:
        raise UsageError("lint needs a SOURCE (see 'schemaparity lint --help')")
    settings = lint_rules.with_options(
        lint_rules.load_settings(config_path), disable=disable, allow=allow,
        tenant_columns=tenant_columns, membership_tables=membership_tables,
        member_columns=member_columns, require_rls=require_rls, fail_on=fail_on)
    catalog = resolve(source, DumpOptions(schemas=schemas, exclude_schemas=exclude_schemas),
                      ScratchOptions(scratch, pg_bin, create_roles))
    result = lint_rules.run(catalog, settings)
    render_lint = lint_rules.to_json if fmt == "json" else lint_rules.to_text
    _write(render_lint(result, _label(source)), output)
    raise click.exceptions.Exit(result.exit_code)


@cli.command("stats", context_settings=CONTEXT)
@click.argument("source")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text (aligned) or json (stable schema).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the counts to FILE (atomically) instead of standard output.")
@click.option("-n", "--schema", "schemas", multiple=True, metavar="NAME",
              help="Only this schema, on live and .sql sources (repeatable).")
@click.option("-N", "--exclude-schema", "exclude_schemas", multiple=True, metavar="NAME",
              help="Leave this schema out, on live and .sql sources (repeatable).")
@scratch_options
def stats_cmd(source: str, fmt: str, output: str | None, schemas: tuple[str, ...],
              exclude_schemas: tuple[str, ...], scratch: str | None, pg_bin: str | None,
              create_roles: bool) -> None:
    """Count what SOURCE holds: tables, columns, enums (with values), indexes by category,
    JSONB columns, foreign keys by action, policies, functions, triggers, views.

    Index categories overlap (a unique composite index counts as unique and as composite);
    the breakdown puts each index in one bucket (primary key, unique, composite,
    foreign-key-supporting single column, other) and adds up to the total. Exits 0, or 2 on
    errors.

    \b
    Examples:
      schemaparity stats postgresql://app@db.internal/app
      schemaparity stats dumps/app.json --format json
    """
    catalog = resolve(source, DumpOptions(schemas=schemas, exclude_schemas=exclude_schemas),
                      ScratchOptions(scratch, pg_bin, create_roles))
    counts = schema_stats.collect(catalog)
    render_stats = schema_stats.to_json if fmt == "json" else schema_stats.to_text
    _write(render_stats(counts, _label(source)), output)


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    out = {}
    for v in values:
        old, sep, new = v.partition("=")
        if not sep or not old or not new:
            raise UsageError(f"{option} takes OLD=NEW, got {v!r}")
        out[old] = new
    return out


def _label(source: str) -> str:
    if kind_of(source) == "dsn":
        return describe(source)
    return Path(source).stem


register_plan_commands(cli, scratch_options, CONTEXT)


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


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors become one line on stderr and exit code 2, never a traceback."""
    try:
        try:
            with gcpolicy.relaxed():  # the whole command: dump, diff, render
                code = cli.main(args=argv, prog_name="schemaparity", standalone_mode=False)
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
    sys.exit(code if isinstance(code, int) else 0)
