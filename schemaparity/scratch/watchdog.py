"""Stop a scratch server when the process that started it dies, even by SIGKILL.

Run as a script (standard library only, no package import) with the server's directory as
its argument. Its stdin is a pipe whose write end only the owner holds, so end of file means
the owner is gone. Lines on the pipe:

``pid PID START``  a process group leader to stop (START: its start time, against PID reuse);
``done``           the owner cleaned up itself: exit touching nothing.

At end of file without ``done``: SIGINT to each live group (PostgreSQL's fast shutdown),
SIGKILL after a grace period, then the directory is removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import time


def start_time(pid: int) -> str | None:
    """The start time of a live, non-zombie process (field 22 of /proc/PID/stat)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] in ("Z", "X") else fields[19]


def _signal_all(procs: list[tuple[int, str]], sig: int) -> bool:
    """Send ``sig`` to each group still alive; whether any was."""
    alive = False
    for pid, start in procs:
        if start_time(pid) != start:
            continue
        alive = True
        try:
            os.killpg(pid, sig)
        except OSError:
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
    return alive


def stop(procs: list[tuple[int, str]], grace: float = 15.0) -> None:
    if not _signal_all(procs, signal.SIGINT):
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not any(start_time(pid) == start for pid, start in procs):
            return
        time.sleep(0.05)
    _signal_all(procs, signal.SIGKILL)


def main(argv: list[str]) -> int:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    base = argv[1]
    procs: list[tuple[int, str]] = []
    for raw in sys.stdin.buffer:
        words = raw.decode("ascii", "replace").split()
        if words == ["done"]:
            return 0
        if len(words) == 3 and words[0] == "pid" and words[1].isdigit():
            procs.append((int(words[1]), words[2]))
    stop(procs)
    shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
