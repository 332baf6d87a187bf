"""Work done in a forked child while this process goes on: the second core, for a big plan.

:class:`Offloaded` forks a child that runs ``work`` (a function giving text, in pieces) and
writes each piece as it comes (UTF-8) to an anonymous temporary file, so that it holds no
more than a piece at a time (what a child makes in memory is copied pages and page faults);
:meth:`Offloaded.chunks` waits for the child and reads the text back. The child shares this
process's memory copy-on-write, so nothing is sent to it. It never returns into the
caller's code: it ends with ``os._exit``, so it runs no exit handler, flushes no buffer it
inherited and closes no connection of this process; its collector is off (a collection
would touch, and copy, every page); Ctrl-C, SIGTERM and SIGHUP end it (the handlers it
inherited clean up after *this* process).

Nothing is forked where that would not be safe: no ``os.fork`` (Windows), or another thread
running (a fork copies only the calling thread; a lock another thread holds would stay held
in the child). Then, or when the child fails in any way (an exception, a signal, a full
disk), the work runs here when its text is asked for: the same text, later. A caller
that stops early (:meth:`close`, or leaving the ``with`` block) kills and reaps the child.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import IO

CHUNK = 1 << 16  # bytes read back at a time


def can_fork() -> bool:
    """Whether a child can be forked safely here (see the module docstring)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Offloaded:
    """``work()`` running in a child (when :func:`can_fork`), its text read back on demand."""

    def __init__(self, work: Callable[[], Iterable[str]]) -> None:
        self._work = work
        self._pid: int | None = None
        self._file: IO[bytes] | None = None
        if not can_fork():
            return
        try:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
            pid = os.fork()
        except OSError:  # no temporary file, no process left: the work runs here
            self.close()
            return
        if pid == 0:
            _child(work, self._file)  # never returns
        self._pid = pid

    def chunks(self) -> Iterator[str]:
        """The work's text: read back from the child a few kilobytes at a time, or the work's
        own pieces when it runs here."""
        out = self._file if self._reaped() else None
        if out is None:
            self.close()
            yield from self._work()
            return
        out.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        while block := out.read(CHUNK):
            yield decoder.decode(block)
        tail = decoder.decode(b"", final=True)
        self.close()
        if tail:
            yield tail

    def _reaped(self) -> bool:
        """Wait for the child; True when it wrote the whole of its work's text."""
        pid, self._pid = self._pid, None
        if pid is None:
            return False
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped by someone else: its status is unknown
            return False
        except BaseException:  # interrupted while waiting: the child goes too
            self._pid = pid
            self.close()
            raise
        return os.waitstatus_to_exitcode(status) == 0

    def close(self) -> None:
        """Kill and reap a child still running; drop its file."""
        if self._pid is not None:
            pid, self._pid = self._pid, None
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> Offloaded:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _child(work: Callable[[], Iterable[str]], out: IO[bytes]) -> None:
    """The forked child: run ``work``, write its pieces as they come, end without unwinding
    (exit status 0 when every piece is written)."""
    code = 1
    try:
        gc.disable()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(sig) is not signal.SIG_IGN:
                signal.signal(sig, signal.SIG_DFL)
        for piece in work():
            out.write(piece.encode("utf-8"))
        out.flush()
        code = 0
    finally:
        os._exit(code)
