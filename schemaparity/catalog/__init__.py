"""Read a PostgreSQL catalog into the model: ``dump(conn, options) -> Catalog``.

``DumpOptions`` is plain data; the readers (and with them psycopg) are imported on first use,
so code that only needs the options (a SQLite dump) does not load the database driver."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schemaparity.catalog.options import DumpOptions

if TYPE_CHECKING:
    from schemaparity.catalog.read import dump, dump_lines

__all__ = ["DumpOptions", "dump", "dump_lines"]


def __getattr__(name: str) -> Any:
    if name in ("dump", "dump_lines"):
        from schemaparity.catalog import read

        return getattr(read, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
