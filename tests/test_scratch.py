"""Scratch servers: real processes and directories that come and go without a trace."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psycopg
import pytest

from schemaparity.errors import ScratchError
from schemaparity.scratch import (
    BinariesServer,
    docker_unavailable_reason,
    make_server,
    start_server,
)

from .conftest import PG15_BIN


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for our purposes
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


def test_start_and_stop_leave_no_process_and_no_directory() -> None:
    server = make_server("embedded").start()
    assert isinstance(server, BinariesServer)
    assert server.base is not None and server.proc is not None
    base, pid = server.base, server.proc.pid
    assert server.major_version == 18
    with psycopg.connect(server.admin_dsn()) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
    server.stop()
    assert not base.exists()
    assert not _alive(pid)


def test_cleanup_after_an_exception() -> None:
    with pytest.raises(RuntimeError), make_server("embedded").start() as server:
        base, pid = server.base, server.proc.pid
        raise RuntimeError("boom")
    assert not base.exists()
    assert not _alive(pid)


def test_cleanup_after_ctrl_c(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import sys, time
        from schemaparity.scratch import make_server
        with make_server("embedded").start() as s:
            print(s.base, s.proc.pid, flush=True)
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    base, pid = proc.stdout.readline().split()
    assert Path(base).exists() and _alive(int(pid))
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    assert not Path(base).exists()
    deadline = time.monotonic() + 10
    while _alive(int(pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(int(pid))


def test_databases_are_created_cloned_and_dropped(pg18) -> None:
    name = pg18.create_database()
    with psycopg.connect(pg18.dsn(name), autocommit=True) as conn:
        conn.execute("create table t (id int)")
    clone = pg18.create_database(template=name)
    with psycopg.connect(pg18.dsn(clone)) as conn:
        assert conn.execute("select count(*) from pg_class where relname = 't'").fetchone()[0]
    pg18.drop_database(clone)
    pg18.drop_database(name)
    with psycopg.connect(pg18.admin_dsn()) as conn:
        rows = conn.execute("select 1 from pg_database where datname in (%s, %s)",
                            (name, clone)).fetchall()
    assert rows == []


def test_backend_without_the_extension_is_passed_over(monkeypatch) -> None:
    if not (PG15_BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL 15 binaries at {PG15_BIN}")
    monkeypatch.delenv("SCHEMAPARITY_SCRATCH_DSN", raising=False)
    monkeypatch.delenv("SCHEMAPARITY_SCRATCH", raising=False)
    monkeypatch.setenv("SCHEMAPARITY_PG_BIN", str(PG15_BIN))
    with start_server(needs_extensions={"pgcrypto", "uuid-ossp"}) as server:
        assert server.backend == "local"
        assert {"pgcrypto", "uuid-ossp"} <= server.available_extensions


def test_named_backend_lacking_an_extension_says_how_to_choose() -> None:
    with pytest.raises(ScratchError) as err:
        start_server("embedded", needs_extensions={"pgcrypto"})
    message = str(err.value)
    assert "pgcrypto" in message and "--scratch" in message and "--pg-bin" in message
    assert "\n" not in message


def test_dsn_backend_drops_only_what_it_created(pg18, monkeypatch) -> None:
    keep = pg18.create_database()
    monkeypatch.setenv("SCHEMAPARITY_SCRATCH_DSN", pg18.admin_dsn())
    server = make_server("dsn").start()
    made = server.create_database()
    server.stop()
    with psycopg.connect(pg18.admin_dsn()) as conn:
        names = {r[0] for r in conn.execute("select datname from pg_database")}
    assert keep in names and made not in names
    pg18.drop_database(keep)


def test_unknown_backend_is_an_error() -> None:
    with pytest.raises(ScratchError, match="unknown scratch backend"):
        make_server("nope")


NO_DOCKER = docker_unavailable_reason()


@pytest.mark.skipif(NO_DOCKER is not None, reason=NO_DOCKER if (NO_DOCKER or "").startswith(
    "no Docker engine") else f"no Docker engine: {NO_DOCKER}")
def test_docker_backend_starts_a_container() -> None:
    with make_server("docker").start() as server:
        name = server.create_database()
        with psycopg.connect(server.dsn(name)) as conn:
            assert conn.execute("select 1").fetchone() == (1,)


def test_initdb_failure_names_the_cause_and_keeps_the_log() -> None:
    """initdb copied away from its library directory fails for real; the error shows the
    line that says why (not initdb's last words, "removing data directory") and a log path."""
    if not (PG15_BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL 15 binaries at {PG15_BIN}")
    top = Path(tempfile.mkdtemp(prefix="sp-bin-"))
    try:
        (top / "bin").mkdir()
        for exe in ("initdb", "postgres"):
            shutil.copy2(PG15_BIN / exe, top / "bin" / exe)
        for path in (top, top / "bin"):
            path.chmod(0o755)
        with pytest.raises(ScratchError) as err:
            make_server("local", str(top / "bin")).start()
    finally:
        shutil.rmtree(top)
    message = str(err.value)
    assert "initdb failed" in message and "FATAL" in message, message
    assert "removing data directory" not in message
    found = re.search(r"\(log: (\S+)\)$", message)
    assert found, message
    log = Path(found.group(1))
    try:
        assert "removing data directory" in log.read_text()
    finally:
        log.unlink()


def test_server_ignores_the_users_pg_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"PGPORT": "6543", "PGHOST": "/nonexistent", "PGUSER": "nobody",
                        "PGDATABASE": "nodb", "PGPASSWORD": "secret",
                        "PGOPTIONS": "-c default_transaction_read_only=on"}.items():
        monkeypatch.setenv(name, value)
    with make_server("embedded").start() as server:
        name = server.create_database()
        with psycopg.connect(server.dsn(name), autocommit=True) as conn:
            conn.execute("create table t (id int)")
            assert conn.info.port == 5432 and conn.info.user == "postgres"
