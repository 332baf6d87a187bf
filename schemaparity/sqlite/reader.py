"""Read a SQLite database into the model, read-only and in one consistent read.

The file is opened as a ``mode=ro`` URI (nothing can be written to it, not even a journal),
and everything is read inside one transaction, so another process's commit cannot land
between two PRAGMA calls. Objects come from ``sqlite_schema`` and the table-valued PRAGMA
functions (``pragma_table_list``, ``pragma_table_xinfo``, ``pragma_index_list``,
``pragma_index_xinfo``, ``pragma_foreign_key_list``); what they do not say (constraint names,
CHECK constraints, generated expressions, deferrability) is read from the ``CREATE`` text.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from schemaparity import model as m
from schemaparity.errors import SourceError
from schemaparity.sqlite import extras, keys, parse
from schemaparity.sqlite.expr import sqlite_form

if TYPE_CHECKING:  # the catalog package imports psycopg: not at run time
    from schemaparity.catalog.options import DumpOptions

SCHEMA = "main"  # the schema name of a SQLite database's own objects
ENGINE = "sqlite"


@dataclass(frozen=True)
class Raw:
    """What one read of a database gave: enough to build every object."""

    version: str
    objects: list[sqlite3.Row]  # sqlite_schema rows of user objects
    tables: dict[str, dict[str, Any]]  # name -> PRAGMA rows and flags
    extra: dict[str, Any] = field(default_factory=dict)  # row_counts, row_count_mode
    versions: list[tuple[str, tuple[str, ...], tuple[Any, ...]]] = field(default_factory=list)


def open_readonly(path: Path, timeout: float = 2.0) -> sqlite3.Connection:
    """A read-only connection to an existing database file (``mode=ro``: never created)."""
    if not path.exists():
        raise SourceError(f"{path}: no such file")
    if path.is_dir():
        raise SourceError(f"{path}: is a directory, not a SQLite database")
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise SourceError(f"{path}: cannot open as SQLite: {exc}") from None
    conn.row_factory = sqlite3.Row
    return conn


def read_path(path: Path, opts: DumpOptions | None = None) -> m.Catalog:
    """The catalog of the SQLite database file at ``path``."""
    conn = open_readonly(path)
    try:
        return build(read_raw(conn, str(path), opts))
    finally:
        conn.close()


def read_raw(conn: sqlite3.Connection, where: str, opts: DumpOptions | None = None) -> Raw:
    """Every row the model needs, in one transaction; errors are one line naming ``where``.
    ``opts`` asks for row counts and version-table rows (read in the same transaction)."""
    if opts is not None:
        extras.ignored_options(where, opts)
    try:
        conn.execute("BEGIN")
        try:
            raw = _read(conn)
            names = sorted(n for n, info in raw.tables.items() if "fks" in info)
            raw.extra.update(extras.counts(conn, names, opts and opts.row_counts))
            raw.versions.extend(extras.version_rows(
                conn, {n: [c["name"] for c in raw.tables[n]["columns"]] for n in names},
                opts.version_tables if opts else extras.VERSION_TABLES))
            return raw
        finally:
            conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "not a database" in text or "malformed" in text:
            raise SourceError(f"{where}: not a SQLite database ({text})") from None
        raise SourceError(f"{where}: cannot read the SQLite database: {text}") from None


@cache
def query(name: str) -> str:
    """``queries/<name>.sql``: the catalog SQL lives beside the reader, not in the code."""
    return (files("schemaparity.sqlite") / "queries" / f"{name}.sql").read_text("utf-8")


def _by(rows: list[sqlite3.Row], column: str) -> dict[str, list[sqlite3.Row]]:
    out: dict[str, list[sqlite3.Row]] = {}
    for row in rows:
        out.setdefault(row[column], []).append(row)
    return out


def _read(conn: sqlite3.Connection) -> Raw:
    """One query a PRAGMA function over every table (not one a table: 6 per table made a
    2,000-table database take half a second here)."""
    version = conn.execute("SELECT sqlite_version()").fetchone()[0]
    objects = conn.execute(query("objects")).fetchall()
    listed = {r["name"]: r for r in conn.execute(query("tables"))}
    columns = _by(conn.execute(query("columns")).fetchall(), "tbl")
    indexes = _by(conn.execute(query("indexes")).fetchall(), "tbl")
    index_columns = _by(conn.execute(query("index_columns")).fetchall(), "idx")
    fks = _by(conn.execute(query("foreign_keys")).fetchall(), "tbl")
    tables: dict[str, dict[str, Any]] = {}
    for row in objects:
        if row["type"] not in ("table", "view"):
            continue
        name = row["name"]
        info: dict[str, Any] = {"columns": columns.get(name, []), "list": listed.get(name)}
        if row["type"] == "table":
            info["indexes"] = indexes.get(name, [])
            info["index_columns"] = {ix["name"]: index_columns.get(ix["name"], [])
                                     for ix in info["indexes"]}
            info["fks"] = fks.get(name, [])
        tables[name] = info
    return Raw(version, objects, tables)


def build(raw: Raw) -> m.Catalog:
    """Model objects from what :func:`read_raw` read."""
    tables, constraints, indexes, views, triggers = [], [], [], [], []
    pks = {name: [c["name"] for c in sorted((c for c in info["columns"] if c["pk"]),
                                             key=lambda c: c["pk"])]
           for name, info in raw.tables.items()}
    for row in raw.objects:
        kind, name, sql = row["type"], row["name"], row["sql"] or ""
        if kind == "table":
            info = raw.tables[name]
            text = parse.read_table(sql)
            tables.append(_table(name, info, text))
            found = keys.constraints(SCHEMA, name, info, text, pks)
            constraints.extend(found)
            indexes.extend(keys.key_indexes(SCHEMA, name, info, found))
        elif kind == "index":
            indexes.append(keys.index(SCHEMA, row["tbl_name"], name, sql,
                                      raw.tables[row["tbl_name"]]))
        elif kind == "view":
            views.append(m.View(SCHEMA, name, sqlite_form(parse.after_as(sql)) or "",
                                columns=tuple((c["name"], c["type"] or "")
                                              for c in raw.tables[name]["columns"])))
        elif kind == "trigger":
            triggers.append(keys.trigger(SCHEMA, row["tbl_name"], name, sql))
    schema = m.Schema(SCHEMA)
    versions = [m.VersionTable(SCHEMA, name, cols, rows) for name, cols, rows in raw.versions]
    return m.Catalog.build(int(raw.version.split(".")[0]), schemas=[schema], tables=tables,
                           constraints=constraints, indexes=indexes, views=views,
                           triggers=triggers, version_tables=versions,
                           engine=f"{ENGINE} {raw.version}", **raw.extra)


def _table(name: str, info: dict[str, Any], text: parse.TableText) -> m.Table:
    listed = info["list"]
    options = []
    if listed is not None and listed["strict"]:
        options.append("strict")
    if listed is not None and listed["wr"]:
        options.append("without rowid")
    rowid_alias = _rowid_alias(info, bool(listed is not None and listed["wr"]))
    columns = []
    for position, col in enumerate(info["columns"], start=1):
        extra = text.columns.get(col["name"], parse.ColumnExtra())
        generated = sqlite_form(extra.generated) if col["hidden"] in (2, 3) else None
        identity = None
        identity_options = None
        if col["name"] == rowid_alias:
            identity = "by default"
            identity_options = "rowid" + (" autoincrement" if extra.autoincrement else "")
        columns.append(m.Column(
            col["name"], position, col["type"] or "", not_null=bool(col["notnull"]),
            default=sqlite_form(col["dflt_value"]), identity=identity,
            identity_options=identity_options, generated=generated,
            generated_kind=None if generated is None else
            ("stored" if col["hidden"] == 3 else "virtual")))
    return m.Table(SCHEMA, name, columns=tuple(columns), reloptions=tuple(options))


def _rowid_alias(info: dict[str, Any], without_rowid: bool) -> str | None:
    """The column that is the table's rowid: the only primary key column, declared
    exactly ``INTEGER`` (any case), in a rowid table."""
    pk = [c for c in info["columns"] if c["pk"]]
    if without_rowid or len(pk) != 1 or (pk[0]["type"] or "").upper() != "INTEGER":
        return None
    return str(pk[0]["name"])
