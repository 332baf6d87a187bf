"""Which backend would be tried first, told without importing a backend: the cache of `.sql`
dumps asks this on every run, and a warm-cache run must not import the database driver."""

from __future__ import annotations

import os
from pathlib import Path

from schemaparity.scratch.environ import ENV_DSN, embedded_bindir, local_bindir

BACKENDS = ("dsn", "embedded", "local", "docker")
ENV_BACKEND = "SCHEMAPARITY_SCRATCH"


def backend_order(backend: str | None, pg_bin: str | None) -> tuple[str, ...]:
    """The backends :func:`~schemaparity.scratch.choose.start_server` tries, in order."""
    chosen = backend or os.environ.get(ENV_BACKEND)
    if chosen:
        return (chosen,)
    order = tuple(b for b in BACKENDS if b != "dsn" or os.environ.get(ENV_DSN))
    if pg_bin:
        order = ("local",) + tuple(b for b in order if b != "local")
    return order


def predicted(backend: str | None = None, pg_bin: str | None = None) -> tuple[str, Path] | None:
    """The backend and bin dir :func:`~schemaparity.scratch.choose.start_server` tries first,
    when it runs binaries (``embedded`` or ``local``); None for the others or when there are
    none."""
    name = backend_order(backend, pg_bin)[0]
    try:
        bindir = embedded_bindir() if name == "embedded" else (
            local_bindir(pg_bin) if name == "local" else None)
    except ImportError:
        return None
    return (name, bindir) if bindir is not None else None
