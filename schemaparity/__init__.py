"""schemaparity: dump, diff, parity-check and plan migrations between PostgreSQL schemas.

Public API (more arrives with diff, check and plan)::

    from schemaparity import dump
    catalog = dump("postgresql://localhost/app")      # or "schema.sql", or "dump.json"
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from schemaparity.catalog import DumpOptions
from schemaparity.model import Catalog

try:
    __version__ = version("schemaparity")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"


def dump(source: str, options: DumpOptions | None = None, **scratch: object) -> Catalog:
    """Read SOURCE (connection string, .sql file or .json dump) into a :class:`Catalog`."""
    from schemaparity.source import ScratchOptions, resolve

    return resolve(source, options, ScratchOptions(**scratch))  # type: ignore[arg-type]


__all__ = ["Catalog", "DumpOptions", "__version__", "dump"]
