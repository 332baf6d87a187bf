"""No orphans: a watchdog bound to us by a pipe, signals that clean up, stale directories.

* Each server directory gets a watchdog process (``watchdog.py``) that stops the server and
  removes the directory when we die, even by SIGKILL: it reads a pipe whose write end only we
  hold, and end of file means we are gone. (``PR_SET_PDEATHSIG`` would not do: it is cleared
  on fork and when the server switches to the ``postgres`` user.)
* SIGTERM and SIGHUP clean up as SIGINT does: they raise ``SystemExit(128 + signal)``, so
  every ``with`` block stops its server on the way out.
* A ``schemaparity-pg-*`` directory whose owner process is dead is removed by the next start.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import FrameType

from schemaparity.scratch.watchdog import start_time

PREFIX = "schemaparity-pg-"
OWNER_FILE = "owner"
_WATCHDOG = Path(__file__).with_name("watchdog.py")
_STALE_WITHOUT_OWNER = 3600.0  # seconds: directories of older versions had no owner file


class Watchdog:
    """The parent's end of a watchdog process for one server directory."""

    def __init__(self, base: Path) -> None:
        read, self._write = os.pipe()  # both ends close-on-exec: no other child inherits them
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-S", str(_WATCHDOG), str(base)], stdin=read,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                cwd="/", env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"})
        except BaseException:
            os.close(self._write)
            raise
        finally:
            os.close(read)

    def watch(self, pid: int) -> None:
        """Have the watchdog stop ``pid``'s process group if we die."""
        start = start_time(pid)
        if start is not None and self._write >= 0:
            os.write(self._write, f"pid {pid} {start}\n".encode())

    def release(self) -> None:
        """We cleaned up ourselves: the watchdog exits without touching anything."""
        if self._write < 0:
            return
        with contextlib.suppress(OSError):
            os.write(self._write, b"done\n")
        os.close(self._write)
        self._write = -1
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def write_owner(base: Path) -> None:
    """Record which process owns ``base`` (read by :func:`remove_stale`)."""
    pid = os.getpid()
    (base / OWNER_FILE).write_text(f"{pid} {start_time(pid)}\n", "ascii")


def _owner_alive(base: Path) -> bool | None:
    """Whether the recorded owner runs; None when there is no (readable) record."""
    try:
        words = (base / OWNER_FILE).read_text("ascii").split()
    except (OSError, UnicodeDecodeError):
        return None
    if len(words) != 2 or not words[0].isdigit():
        return None
    return start_time(int(words[0])) == words[1]


def _postmaster_alive(base: Path) -> bool:
    try:
        first = (base / "data" / "postmaster.pid").read_text("ascii").split("\n", 1)[0]
    except (OSError, UnicodeDecodeError):
        return False
    return first.strip().isdigit() and start_time(int(first)) is not None


def remove_stale(tmp: str | None = None, uids: tuple[int, ...] = ()) -> list[Path]:
    """Remove server directories left by dead owners; returns what was removed.

    Only directories owned by us (or by ``uids``, the server user) are considered; one without
    an owner record only when it is over an hour old and no server runs in it."""
    removed = []
    mine = {os.geteuid(), *uids}
    for base in Path(tmp or tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            st = base.lstat()
        except OSError:
            continue
        if not base.is_dir() or base.is_symlink() or st.st_uid not in mine:
            continue
        alive = _owner_alive(base)
        if alive is None:
            alive = time.time() - st.st_mtime < _STALE_WITHOUT_OWNER or _postmaster_alive(base)
        if not alive:
            shutil.rmtree(base, ignore_errors=True)
            removed.append(base)
    return removed


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)  # one clean-up, not one per repeated signal
    raise SystemExit(128 + signum)


def clean_up_on_signals() -> None:
    """Make SIGTERM and SIGHUP unwind the stack like SIGINT (where nobody else handles them)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is signal.SIG_DFL:
            signal.signal(sig, _exit_on_signal)
