"""``schemaparity dump``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from schemaparity import dumpfile, sqlite
from schemaparity.catalog.options import DumpOptions
from schemaparity.cli.common import (
    CONTEXT,
    format_option,
    output_option,
    schema_options,
    scratch_of,
    scratch_options,
    write,
)
from schemaparity.cli.group import cli


@cli.command(context_settings=CONTEXT)
@click.argument("source")
@output_option("the dump")
@format_option(["json", "text"], default=None, show_default=False,
               help="json (canonical, loads back) or text (one fact per line). "
                    "Default: from the -o suffix (.txt means text), else json.")
@schema_options("")
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
    local = sqlite.kind(source, click.get_current_context().meta.get("schemaparity.dialect"))
    if local is not None:  # read right here: no database driver, no scratch server
        catalog = (sqlite.load_ddl(Path(source), options) if local == "sql"
                   else sqlite.read(source, options))
        write(dumpfile.pieces(dumpfile.lines_of(catalog)) if fmt == "json"
              else [dumpfile.render(catalog, fmt)], output)
        return
    from schemaparity import api

    scratch_opts = scratch_of(scratch, pg_bin, create_roles)
    if fmt == "json":  # straight to lines, written kind by kind: no objects kept
        text: Iterable[str] = dumpfile.pieces(api.dump_lines(source, options, scratch_opts))
    else:
        text = [dumpfile.render(api.dump(source, options, scratch_opts), fmt)]
    write(text, output)
