"""The ``docker`` backend: a PostgreSQL container through testcontainers."""

from __future__ import annotations

import contextlib

from psycopg.conninfo import make_conninfo

from schemaparity.errors import ScratchError
from schemaparity.scratch.base import ScratchServer


class DockerServer(ScratchServer):
    backend = "docker"

    def __init__(self, image: str = "postgres:17") -> None:
        super().__init__()
        self.image = image
        self.container = None
        self._dsn: dict[str, str] = {}

    def start(self) -> DockerServer:
        reason = docker_unavailable_reason()
        if reason:
            raise ScratchError(f"docker backend: {reason}")
        try:
            from testcontainers.postgres import PostgresContainer  # type: ignore[import-untyped]
        except ImportError:
            raise ScratchError("docker backend: install the extra: pip install "
                               "'schemaparity[docker]'") from None
        container = PostgresContainer(self.image, username="postgres", password="postgres",
                                      dbname="postgres", driver=None)
        container.start()
        self.container = container
        try:
            self._dsn = {"host": container.get_container_host_ip(),
                         "port": str(container.get_exposed_port(5432)),
                         "user": "postgres", "password": "postgres"}
            self._probe()
        except BaseException:
            self.stop()
            raise
        return self

    def dsn(self, dbname: str) -> str:
        return make_conninfo(**{**self._dsn, "dbname": dbname})

    def stop(self) -> None:
        if self.container is not None:
            with contextlib.suppress(Exception):
                self.container.stop()
            self.container = None


def docker_unavailable_reason() -> str | None:
    """None when a Docker engine answers; else why not (not merely "the client is installed")."""
    try:
        import docker  # type: ignore[import-untyped]
    except ImportError:
        return "the docker extra is not installed (pip install 'schemaparity[docker]')"
    try:
        client = docker.from_env(timeout=3)
        client.ping()
    except Exception:  # noqa: BLE001 - any failure means "no engine"
        return "no Docker engine answers on this machine"
    return None
