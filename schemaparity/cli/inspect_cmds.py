"""``schemaparity lint`` and ``stats``: one schema, looked at."""

from __future__ import annotations

import click

from schemaparity import api
from schemaparity import lint as lint_rules
from schemaparity.cli.common import (
    CONTEXT,
    dump_options,
    format_option,
    output_option,
    schema_options,
    scratch_of,
    scratch_options,
    write,
)
from schemaparity.cli.group import cli
from schemaparity.errors import UsageError
from schemaparity.report import formats


@cli.command("lint", context_settings=CONTEXT)
@click.argument("source", required=False)
@format_option(formats.names("lint"), help="text (grouped by rule) or json (stable schema).")
@output_option("the findings")
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
@schema_options()
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
        write(lint_rules.rules_text(), None)
        return
    if source is None:
        raise UsageError("lint needs a SOURCE (see 'schemaparity lint --help')")
    settings = lint_rules.with_options(
        api.lint_settings(config_path), disable=disable, allow=allow,
        tenant_columns=tenant_columns, membership_tables=membership_tables,
        member_columns=member_columns, require_rls=require_rls, fail_on=fail_on)
    result = api.lint(source, settings, dump_options(schemas, exclude_schemas),
                      scratch_of(scratch, pg_bin, create_roles))
    write(formats.render("lint", fmt, result, label=api.label(source)), output)
    raise click.exceptions.Exit(result.exit_code)


@cli.command("stats", context_settings=CONTEXT)
@click.argument("source")
@format_option(formats.names("stats"), help="text (aligned) or json (stable schema).")
@output_option("the counts")
@schema_options()
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
    result = api.stats(source, dump_options(schemas, exclude_schemas),
                       scratch_of(scratch, pg_bin, create_roles))
    write(formats.render("stats", fmt, dict(result.counts), label=api.label(source)), output)
