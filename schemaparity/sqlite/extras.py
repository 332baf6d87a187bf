"""What a dump records beside the objects, for a SQLite database: row counts and the rows of
migration version tables, read in the same transaction as the objects; and the dump options
that have no meaning for SQLite, named once on stderr instead of silently dropped.

* ``--row-counts exact``: ``count(*)`` of each table;
* ``--row-counts estimate``: the row count ``ANALYZE`` left in ``sqlite_stat1`` (none where
  the table was never analyzed), so it costs nothing on a large file;
* ``--version-table PATTERN`` (default ``alembic_version*``): every row, as text, sorted.
"""

from __future__ import annotations

import fnmatch
import sqlite3
from typing import TYPE_CHECKING, Any

from schemaparity import feedback

if TYPE_CHECKING:  # the catalog package imports psycopg: not at run time
    from schemaparity.catalog.options import DumpOptions

SCHEMA = "main"
VERSION_TABLES = ("alembic_version*",)  # DumpOptions' default, when none are given


def ident(name: str) -> str:
    """A SQLite identifier, double-quoted (quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def ignored_options(where: str, opts: DumpOptions) -> None:
    """One note for the options a SQLite source cannot honour (it has one schema, ``main``,
    and neither owners nor privileges)."""
    named = []
    if opts.schemas or opts.exclude_schemas:
        named.append("-n/-N")
    if opts.owners:
        named.append("--owners")
    if opts.privileges:
        named.append("--privileges")
    if named:
        feedback.note(f"{where}: SQLite has one schema (main) and no owners or privileges; "
                      f"ignored: {', '.join(named)}")


def counts(conn: sqlite3.Connection, tables: list[str], mode: str | None) -> dict[str, Any]:
    """``row_counts`` and ``row_count_mode`` for the catalog ({} when not asked)."""
    if mode is None:
        return {}
    if mode == "exact":
        found: dict[str, int | None] = {
            f"table:{SCHEMA}.{t}": conn.execute(f"SELECT count(*) FROM {ident(t)}").fetchone()[0]
            for t in tables}
    else:
        stats: dict[str, int] = {}
        has_stats = conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'"
                                 ).fetchone()
        if has_stats:
            for tbl, stat in conn.execute("SELECT tbl, stat FROM sqlite_stat1"):
                first = str(stat or "").split(" ", 1)[0]
                if first.isdigit():
                    stats[tbl] = max(stats.get(tbl, 0), int(first))
        found = {f"table:{SCHEMA}.{t}": stats.get(t) for t in tables}
    return {"row_counts": dict(sorted(found.items())), "row_count_mode": mode}


def version_rows(conn: sqlite3.Connection, tables: dict[str, list[str]],
                 patterns: tuple[str, ...]) -> list[tuple[str, tuple[str, ...], tuple]]:
    """(table, columns, sorted text rows) of each table whose name matches a pattern."""
    out = []
    for name in sorted(tables):
        if not any(fnmatch.fnmatchcase(name, p) for p in patterns):
            continue
        cols = tables[name]
        select = ", ".join(f"CAST({ident(c)} AS TEXT)" for c in cols)
        rows = conn.execute(f"SELECT {select} FROM {ident(name)}").fetchall()
        key = lambda row: tuple((v is None, v or "") for v in row)  # noqa: E731
        out.append((name, tuple(cols), tuple(sorted((tuple(r) for r in rows), key=key))))
    return out
