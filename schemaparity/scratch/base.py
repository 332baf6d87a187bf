"""A running PostgreSQL that hands out throwaway databases, and the ``dsn`` backend."""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from schemaparity.errors import ScratchError
from schemaparity.scratch.environ import ENV_DSN, embedded_bindir, first_line


class ScratchServer:
    """A running PostgreSQL that hands out throwaway databases. Use as a context manager."""

    backend: str = "?"
    # whether a role needs a password to log in (our own servers trust local connections)
    needs_password = True

    def __init__(self) -> None:
        self._databases: list[str] = []
        self.bindir: Path | None = None
        self._extensions: frozenset[str] | None = None
        self._major: int | None = None
        # roles created for .sql sources (--create-roles): the loading role may act as them
        self.roles_made: set[str] = set()

    # -- lifecycle -------------------------------------------------------
    def start(self) -> ScratchServer:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> ScratchServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- databases -------------------------------------------------------
    def admin_dsn(self) -> str:
        return self.dsn("postgres")

    def dsn(self, dbname: str) -> str:
        raise NotImplementedError

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        """Create a database (a fresh one from ``template0`` unless a template is given)."""
        name = name or f"sp_{uuid.uuid4().hex[:12]}"
        stmt = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template or "template0"))
        with psycopg.connect(self.admin_dsn(), autocommit=True) as conn:
            conn.execute(stmt)
        self._databases.append(name)
        return name

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.admin_dsn(), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
        if name in self._databases:
            self._databases.remove(name)

    def forget_database(self, name: str) -> None:
        """Leave ``name`` in place when the server stops (only a ``dsn`` server outlives us)."""
        if name in self._databases:
            self._databases.remove(name)

    @contextlib.contextmanager
    def database(self, template: str | None = None) -> Iterator[str]:
        """A throwaway database for the duration of a ``with`` block; yields its DSN."""
        name = self.create_database(template=template)
        try:
            yield self.dsn(name)
        finally:
            with contextlib.suppress(psycopg.Error):
                self.drop_database(name)

    # -- capabilities ----------------------------------------------------
    def _probe(self) -> None:
        with psycopg.connect(self.admin_dsn(), autocommit=True) as conn:
            self._major = conn.info.server_version // 10000
            rows = conn.execute("SELECT name FROM pg_available_extensions").fetchall()
            self._extensions = frozenset(r[0] for r in rows)

    @property
    def major_version(self) -> int:
        if self._major is None:
            self._probe()
        assert self._major is not None
        return self._major

    @property
    def available_extensions(self) -> frozenset[str]:
        if self._extensions is None:
            self._probe()
        assert self._extensions is not None
        return self._extensions

    def psql(self) -> str | None:
        """A psql executable for applying plans, if one is at hand (sources never use it)."""
        if self.bindir and (self.bindir / "psql").exists():
            return str(self.bindir / "psql")
        found = shutil.which("psql")
        if found:
            return found
        with contextlib.suppress(ImportError, OSError):
            emb = embedded_bindir()
            if (emb / "psql").exists():
                return str(emb / "psql")
        return None

    def describe(self) -> str:
        return f"{self.backend} (PostgreSQL {self.major_version})"


class DsnServer(ScratchServer):
    """An existing server from ``SCHEMAPARITY_SCRATCH_DSN``; only our databases are dropped."""

    backend = "dsn"

    def __init__(self, dsn: str) -> None:
        super().__init__()
        self._base = conninfo_to_dict(dsn)

    def start(self) -> DsnServer:
        try:
            self._probe()
        except psycopg.Error as exc:
            raise ScratchError(f"scratch server from {ENV_DSN} is not reachable: "
                               f"{first_line(exc)}") from exc
        return self

    def dsn(self, dbname: str) -> str:
        return make_conninfo(**{**self._base, "dbname": dbname})

    def stop(self) -> None:
        for name in list(self._databases):
            with contextlib.suppress(psycopg.Error):
                self.drop_database(name)
