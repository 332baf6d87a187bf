"""What a dump reads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DumpOptions:
    """What to read. Defaults give a full schema dump without owners, privileges or counts."""

    schemas: tuple[str, ...] = ()
    exclude_schemas: tuple[str, ...] = ()
    owners: bool = False
    privileges: bool = False
    version_tables: tuple[str, ...] = ("alembic_version*",)
    row_counts: str | None = None  # None | "exact" | "estimate"
    statement_timeout_ms: int = 120_000
    jobs: int = 3  # connections reading in parallel, one snapshot (1: only the caller's)
