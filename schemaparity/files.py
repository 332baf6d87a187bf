"""Output files: what ``-o PATH`` does to whatever is at PATH.

* ``-`` is standard output.
* A regular file, or a new one, is replaced atomically (a temporary file in the same
  directory, then ``os.replace``): PATH holds either the old content or all of the new. A new
  file gets the mode a plain ``open()`` would give (``0666`` less the umask); an existing one
  keeps its mode (and, where we may, its owner).
* A character device (``/dev/null``), a FIFO or a socket is written in place, never replaced;
  so is an open descriptor (``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``), whatever
  it points to: appended, as a shell's ``>>`` would.
* A symlink is followed: its target is written (atomically when it is a regular file); the
  link stays a link.

:func:`check_output` validates PATH before any work starts, with errors naming the path the
user gave.
"""

from __future__ import annotations

import contextlib
import os
import re
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
    how, target, _st = _destination(shown)
    if how == "directory":
        raise UsageError(f"{shown}: is a directory")
    if how != "replace":  # written in place
        if not os.access(shown, os.W_OK):
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
        _write_stdout(_whole(text))
        return
    try:
        how, target, st = _destination(shown)
        if how == "replace":
            _replace(target, text, st)  # pieces stream into a temporary file
            return
        if how == "directory":
            raise UsageError(f"{shown}: is a directory")
        text = _whole(text)
        if how == "socket":
            _write_socket(shown, text)
        else:  # a device, a FIFO, an open descriptor (/dev/stdout): in place, appended
            with open(shown, "a", encoding="utf-8", newline="\n") as fh:
                _put(fh, text)
    except (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError) as exc:
        check_output(shown)  # the precise reason, when it is about the destination
        raise UsageError(f"{shown}: cannot write: {exc.strerror}") from None


# /dev/stdout, /dev/fd/1, /proc/self/fd/1, ...: an open descriptor of this process
_DESCRIPTOR = re.compile(r"/(?:dev/(?:std(?:in|out|err)$|fd/)|proc/[^/]+/(?:task/\d+/)?fd/)")


def _destination(shown: str) -> tuple[str, Path, os.stat_result | None]:
    """How to write ``shown``: ``replace`` (a regular file or none yet: ``target`` is the
    real path, symlinks followed), ``in_place``, ``socket`` or ``directory``."""
    try:
        st: os.stat_result | None = os.stat(shown)  # follows symlinks, /proc's included
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot write: {exc.strerror}") from None
    target = Path(os.path.realpath(shown))
    if st is None:
        return "replace", target, None
    if stat.S_ISDIR(st.st_mode):
        return "directory", target, st
    if stat.S_ISSOCK(st.st_mode):
        return "socket", target, st
    if stat.S_ISREG(st.st_mode) and not _descriptor(shown):
        return "replace", target, st
    return "in_place", target, st


def _descriptor(shown: str) -> bool:
    """Whether ``shown`` is, or links to, an open descriptor (``/dev/stdout`` of a shell
    redirect ``>> log``): that is written where it points, never replaced."""
    path = os.path.abspath(shown)
    for _ in range(40):  # the kernel's own limit on a chain of links
        if _DESCRIPTOR.match(path):
            return True
        try:
            link = os.readlink(path)
        except OSError:
            return False
        path = os.path.normpath(os.path.join(os.path.dirname(path), link))
    return False


def _shown_parent(shown: str) -> str:
    return os.path.dirname(shown) or "."


def _whole(text: Text) -> Text:
    """All the pieces of ``text`` made before a byte goes where it cannot be taken back
    (standard output, a FIFO, a socket, a device): a piece that fails half way leaves
    nothing there, as it leaves the old file in place of a regular file."""
    return text if isinstance(text, str) else list(text)


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


def _write_socket(path: str, text: Text) -> None:
    pieces = [text] if isinstance(text, str) else text
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
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
