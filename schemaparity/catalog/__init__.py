"""Read a PostgreSQL catalog into the model: ``dump(conn, options) -> Catalog``."""

from schemaparity.catalog.read import DumpOptions, dump, dump_lines

__all__ = ["DumpOptions", "dump", "dump_lines"]
