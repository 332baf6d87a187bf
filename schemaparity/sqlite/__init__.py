"""SQLite as a source: a database file, a ``sqlite:///path`` URL, or a ``.sql`` file of
SQLite DDL, read into the same model as a PostgreSQL database (schema ``main``; the dump
records the engine and its version).

* :func:`read` reads a database file read-only (``mode=ro``), in one consistent read;
* :func:`load_ddl` runs a file of SQLite DDL into an in-memory database (nothing but DDL is
  ever executed) and reads that;
* :mod:`schemaparity.sqlite.crossengine` makes a SQLite catalog comparable with a PostgreSQL
  one (type mapping, expressions transpiled, ``main`` as ``public``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemaparity import model as m
from schemaparity.errors import UsageError

if TYPE_CHECKING:  # the catalog package imports psycopg: not at run time
    from schemaparity.catalog.options import DumpOptions
    from schemaparity.sqlite.ddl import build_database, load_ddl
    from schemaparity.sqlite.reader import ENGINE, SCHEMA

# the reader and the DDL loader are imported when a SQLite source is read (``kind_of`` asks
# every command's sources whether they are one: a plan of two dumps never reads one)
_LATER = {"build_database": "ddl", "load_ddl": "ddl", "ENGINE": "reader", "SCHEMA": "reader"}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        from importlib import import_module

        return getattr(import_module(f"schemaparity.sqlite.{_LATER[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

SUFFIXES = (".db", ".sqlite", ".sqlite3")
URL_PREFIX = "sqlite:///"


def is_source(source: str) -> bool:
    """A SQLite database: a ``sqlite:///`` URL or a file ending in .db/.sqlite/.sqlite3."""
    return source.lower().startswith(URL_PREFIX) or source.lower().endswith(SUFFIXES)


def path_of(source: str) -> Path:
    """The file a SQLite SOURCE names (``sqlite:///rel/path``, ``sqlite:////abs/path``)."""
    if source.lower().startswith(URL_PREFIX):
        return Path(source[len(URL_PREFIX):].split("?", 1)[0])
    return Path(source)


_DECLARED = re.compile(r"--\s*dialect:\s*sqlite\s*$", re.I)


def declared(path: Path) -> bool:
    """A .sql file that says it is SQLite DDL: its first line is ``-- dialect: sqlite``."""
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            first = f.readline(200)
    except OSError:
        return False
    return _DECLARED.match(first.strip()) is not None


def kind(source: str, dialect: str | None = None) -> str | None:
    """``sqlite`` for a SQLite database, ``sql`` for a .sql file of SQLite DDL (``dialect``
    sqlite, or a file that says so on its first line), None for anything else."""
    if is_source(source):
        return "sqlite"
    if source.lower().endswith(".sql") and (dialect == "sqlite" or declared(Path(source))):
        return "sql"
    return None


def read(source: str, options: DumpOptions | None = None) -> m.Catalog:
    """The catalog of a SQLite database file or URL (``options``: row counts, version
    tables; the options SQLite has no use for are named in a note)."""
    from schemaparity.sqlite.reader import read_path

    return read_path(path_of(source), options)


def is_sqlite(catalog: m.Catalog) -> bool:
    from schemaparity.sqlite.reader import ENGINE

    return (catalog.engine or "").split(" ", 1)[0] == ENGINE


def refuse_plan(*catalogs: m.Catalog) -> None:
    """Plans are for PostgreSQL: one line (exit 2) when a side was read from SQLite."""
    if any(is_sqlite(c) for c in catalogs):
        raise UsageError("plan: a SQLite source cannot be planned (plans and verify are for "
                         "PostgreSQL); use diff or check to compare it")


__all__ = ["ENGINE", "SCHEMA", "SUFFIXES", "URL_PREFIX", "build_database", "declared", "kind",
           "is_source", "is_sqlite", "load_ddl", "path_of", "read", "refuse_plan"]
