"""Output files: what ``-o PATH`` does to whatever is at PATH.

* ``-`` is standard output.
* A regular file, or a new one, is replaced atomically (a temporary file in the same
  directory, then ``os.replace``): PATH holds either the old content or all of the new. A new
  file gets the mode a plain ``open()`` would give (``0666`` less the umask); an existing one
  keeps its mode (and, where we may, its owner).
* A character device (``/dev/null``), a FIFO or a socket is written in place, never replaced.
* A symlink is followed: its target is written (atomically when it is a regular file); the
  link stays a link.

:func:`check_output` validates PATH before any work starts, with errors naming the path the
user gave.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from schemaparity.errors import UsageError

Text = str | Iterable[str]


def check_output(path: str | os.PathLike[str]) -> None:
    """Raise :class:`UsageError` (exit 2) unless ``path`` can be written as an output file:
    its directory exists and is writable, and it is not a directory."""
    shown = os.fspath(path)
    if shown == "-":
        return
    if shown == "":
        raise UsageError("empty output file name")
    target = Path(os.path.realpath(shown))
    try:
        st = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot write: {exc.strerror}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{shown}: is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):  # written in place
        if not os.access(target, os.W_OK):
            raise UsageError(f"{shown}: not writable")
        return
    directory = target.parent
    if not directory.exists():
        raise UsageError(f"{shown}: no such directory: {_shown_parent(shown)}")
    if not directory.is_dir():
        raise UsageError(f"{shown}: not a directory: {_shown_parent(shown)}")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UsageError(f"{shown}: directory not writable: {_shown_parent(shown)}")


def write_output(path: str | os.PathLike[str], text: Text) -> None:
    """Write ``text`` (a string, or its pieces) to ``path`` as described in the module
    docstring. An error names the path the user gave."""
    shown = os.fspath(path)
    if shown == "-":
        _write_stdout(text)
        return
    target = Path(os.path.realpath(shown))
    try:
        st = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    try:
        if st is None or stat.S_ISREG(st.st_mode):
            _replace(target, text, st)
        elif stat.S_ISDIR(st.st_mode):
            raise UsageError(f"{shown}: is a directory")
        elif stat.S_ISSOCK(st.st_mode):
            _write_socket(target, text)
        else:  # character or block device, FIFO: in place
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                _put(fh, text)
    except (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError) as exc:
        check_output(shown)  # the precise reason, when it is about the destination
        raise UsageError(f"{shown}: cannot write: {exc.strerror}") from None


def _shown_parent(shown: str) -> str:
    return os.path.dirname(shown) or "."


def _put(fh: object, text: Text) -> None:
    if isinstance(text, str):
        fh.write(text)  # type: ignore[attr-defined]
    else:
        fh.writelines(text)  # type: ignore[attr-defined]


def _write_stdout(text: Text) -> None:
    """UTF-8 bytes with ``\\n`` line ends, the same bytes ``-o FILE`` would hold."""
    out = getattr(sys.stdout, "buffer", None)
    pieces = [text] if isinstance(text, str) else text
    sys.stdout.flush()
    for piece in pieces:
        if out is not None:
            out.write(piece.encode("utf-8"))
        else:
            sys.stdout.write(piece)
    (out or sys.stdout).flush()


def _write_socket(target: Path, text: Text) -> None:
    pieces = [text] if isinstance(text, str) else text
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(str(target))
        for piece in pieces:
            sock.sendall(piece.encode("utf-8"))


def _umask() -> int:
    """The process umask, read without changing it where Linux tells it (/proc)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _replace(target: Path, text: Text, st: os.stat_result | None) -> None:
    """Write a temporary file beside ``target`` with ``target``'s mode (or open()'s), then
    rename it over ``target``."""
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if st is not None and (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(PermissionError):
                os.fchown(fd, st.st_uid, st.st_gid)
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            _put(fh, text)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
