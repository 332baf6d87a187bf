"""No orphans, ever: whatever ends schemaparity, its scratch server and directory go too.

The real CLI loads a `.sql` file that sleeps in the server; once the sleep is seen running,
the CLI gets SIGTERM, SIGHUP, SIGINT or SIGKILL. Within a bounded time no process started
for that server (postgres, the watchdog) is left and its directory is gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import psycopg
import pytest

from schemaparity.scratch import make_server
from schemaparity.scratch.supervise import OWNER_FILE, PREFIX, remove_stale
from schemaparity.scratch.watchdog import start_time

SLOW = "CREATE TABLE t (id int);\nSELECT pg_sleep(300);\nCREATE TABLE never (id int);\n"
TMP = Path(tempfile.gettempdir())
T = TypeVar("T")


def _processes_of(base: Path) -> list[int]:
    """Live processes whose command line names ``base`` (servers, watchdogs)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if str(base).encode() in cmdline and start_time(int(entry.name)) is not None:
            found.append(int(entry.name))
    return found


def _poll(check: Callable[[], T], timeout: float, what: str) -> T:
    """``check()`` once it is true, polling; an AssertionError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"after {timeout:.0f}s: {what}")
        time.sleep(0.1)
    return value


def _owned_by(pid: int) -> Path | None:
    for base in TMP.glob(PREFIX + "*"):
        try:
            if (base / OWNER_FILE).read_text("ascii").split()[0] == str(pid):
                return base
        except (OSError, IndexError):
            continue
    return None


def _sleeping(base: Path) -> bool:
    dsn = f"host={base} port=5432 user=postgres dbname=postgres"
    try:
        with psycopg.connect(dsn, connect_timeout=2) as conn:
            row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                               "AND query LIKE 'SELECT pg_sleep%'").fetchone()
    except psycopg.OperationalError:
        return False
    return bool(row and row[0])


def _signals_as(hup: signal.Handlers) -> Callable[[], None]:
    """What the child starts with: SIGTERM and SIGINT at their defaults, SIGHUP as ``hup``
    (whatever this test process inherited: a suite run under ``nohup`` ignores SIGHUP, and
    so would the CLI, rightly)."""
    def reset() -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGHUP, hup)
    return reset


def _loading(tmp_path: Path, hup: signal.Handlers = signal.SIG_DFL
             ) -> tuple[subprocess.Popen[bytes], Path]:
    """The CLI in the middle of loading a .sql file (the sleep is running in the server),
    started with SIGHUP as ``hup``."""
    sql = tmp_path / "slow.sql"
    sql.write_text(SLOW)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHEMAPARITY_SCRATCH")}
    env["PYTHONFAULTHANDLER"] = "1"  # SIGABRT prints every thread's stack (a hang's report)
    proc = subprocess.Popen([sys.executable, "-m", "schemaparity", "dump", str(sql),
                             "--scratch", "embedded"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, preexec_fn=_signals_as(hup))
    base = _poll(lambda: _owned_by(proc.pid), 120, "no server directory owned by the CLI")
    _poll(lambda: _sleeping(base), 120, "the load never reached the sleep")
    return proc, base


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGKILL],
                         ids=lambda s: signal.Signals(s).name)
def test_a_signal_during_a_load_leaves_nothing(sig: int, tmp_path: Path) -> None:
    proc, base = _loading(tmp_path)
    assert _processes_of(base)
    proc.send_signal(sig)
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:  # say where it stood, not just that it did not end
        left = _processes_of(base)
        proc.send_signal(signal.SIGABRT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        err = proc.communicate()[1].decode(errors="replace")
        pytest.fail(f"{signal.Signals(sig).name}: the CLI did not end within 60 s; its "
                    f"stderr: {err[-3000:]!r}; processes of {base}: {left}")
    if sig in (signal.SIGTERM, signal.SIGHUP):
        assert code == 128 + sig, proc.stderr.read() if proc.stderr else ""
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
    _poll(lambda: not base.exists(), 60, f"{base} is still there")
    _poll(lambda: not _processes_of(base), 60, f"processes left: {_processes_of(base)}")


def test_a_cli_started_under_nohup_keeps_loading_through_a_hangup(tmp_path: Path) -> None:
    """Started with SIGHUP ignored (``nohup``), the CLI leaves it ignored: a hangup does not
    stop the load; SIGTERM still ends it and leaves nothing."""
    proc, base = _loading(tmp_path, hup=signal.SIG_IGN)
    proc.send_signal(signal.SIGHUP)
    time.sleep(2)
    assert proc.poll() is None and _sleeping(base)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    _poll(lambda: not base.exists(), 60, f"{base} is still there")
    _poll(lambda: not _processes_of(base), 60, f"processes left: {_processes_of(base)}")


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _stale(tmp: Path, name: str, owner: str | None, age: float = 0.0) -> Path:
    base = tmp / f"{PREFIX}{name}"
    (base / "data").mkdir(parents=True)
    if owner is not None:
        (base / OWNER_FILE).write_text(owner)
    if age:
        past = time.time() - age
        os.utime(base, (past, past))
    return base


def test_stale_directories_of_dead_owners_are_removed(tmp_path: Path) -> None:
    me = f"{os.getpid()} {start_time(os.getpid())}\n"
    dead = _stale(tmp_path, "dead", f"{_dead_pid()} 12345\n")
    reused = _stale(tmp_path, "reused", f"{os.getpid()} 1\n")  # our pid, another start
    alive = _stale(tmp_path, "alive", me)
    fresh = _stale(tmp_path, "fresh", None)
    old = _stale(tmp_path, "old", None, age=7200)
    other = tmp_path / "elsewhere"
    other.mkdir()
    link = tmp_path / f"{PREFIX}link"
    link.symlink_to(other)
    removed = remove_stale(str(tmp_path))
    assert sorted(removed) == sorted([dead, reused, old])
    assert alive.exists() and fresh.exists() and other.exists() and link.is_symlink()


def test_the_next_start_removes_a_stale_directory() -> None:
    stale = Path(tempfile.mkdtemp(prefix=PREFIX))
    (stale / OWNER_FILE).write_text(f"{_dead_pid()} 1\n")
    with make_server("embedded").start() as server:
        assert server.base is not None and server.base.exists()
        assert not stale.exists()
