"""The dumps of ``.sql`` sources, kept in the user's cache directory.

A ``.sql`` source costs a scratch server and a load; its dump depends only on the file's
bytes, the extensions it creates, the server that loads it (backend, binaries, major
version), what the dump reads, and this tool's version and its files' hash. All of that goes
into the key, so an entry is never stale: change one byte of the file (or upgrade or edit the
tool, or change the server) and the key changes. An entry's name carries the sha256 of its
content, checked on every read: a damaged entry is ignored (and written again by the next
load). Entries are written atomically (a temporary file renamed into place), so a reader
never sees half an entry.

The directory: ``$XDG_CACHE_HOME/schemaparity``, else ``~/.cache/schemaparity``. Nothing
here raises for a cache that cannot be read or written: the source is loaded as if there
were no cache.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


def directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "schemaparity"


def server_id(backend: str, bindir: Path | None, major: int) -> str:
    """What identifies the server that loads a file: backend, binaries, major version."""
    return f"{backend}:{bindir}:{major}"


def predicted_server(backend: str | None, pg_bin: str | None) -> str | None:
    """The :func:`server_id` of the scratch server a backend choice would start, when it runs
    binaries (``embedded``, ``local``) or is the server of ``SCHEMAPARITY_SCRATCH_DSN``
    (asked its version by psql: the database driver's import alone costs more than a
    warm-cache run); None when that cannot be told without starting it."""
    from schemaparity.scratch.environ import ENV_DSN, embedded_bindir, process_env
    from schemaparity.scratch.order import backend_order, predicted

    if backend_order(backend, pg_bin)[0] == "dsn":
        dsn = os.environ.get(ENV_DSN)
        if not (pg_bin or shutil.which("psql")):  # PATH's psql, else the embedded wheel's
            with contextlib.suppress(ImportError):
                pg_bin = str(embedded_bindir())
        major = _dsn_major(dsn, pg_bin, tuple(sorted(os.environ.items()))) if dsn else None
        return server_id("dsn", None, major) if major is not None else None
    guess = predicted(backend, pg_bin)
    major = binaries_major(guess[1], process_env()) if guess else None
    return server_id(guess[0], guess[1], major) if guess and major is not None else None


def binaries_major(bindir: Path, env: dict[str, str]) -> int | None:
    """The major version of ``bindir/postgres`` (``postgres --version``), None if unknown."""
    return _major(str(bindir), tuple(sorted(env.items())))


@functools.cache  # asked once per source and side; the binaries do not change while we run
def _major(bindir: str, env: tuple[tuple[str, str], ...]) -> int | None:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run([str(Path(bindir) / "postgres"), "--version"],
                             capture_output=True, text=True, timeout=10, env=dict(env)).stdout
        found = _VERSION.search(out)
        if found:
            return int(found.group(1))
    return None


@functools.cache  # asked once per source and side; the server does not change while we run
def _dsn_major(dsn: str, bindir: str | None, env: tuple[tuple[str, str], ...]) -> int | None:
    """The major version of the server at ``dsn`` (``SHOW server_version_num``, what the
    driver reports), None when psql is missing or cannot ask it without a prompt; psql from
    ``bindir`` when it has one, else from PATH."""
    own = Path(bindir) / "psql" if bindir else None
    psql = str(own) if own is not None and own.exists() else shutil.which("psql")
    if psql is None:
        return None
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run([psql, "-X", "-w", "-q", "-A", "-t", "-d", dsn, "-c",
                              "SHOW server_version_num"], capture_output=True, text=True,
                             timeout=10, env=dict(env), stdin=subprocess.DEVNULL)
        number = out.stdout.strip()
        if out.returncode == 0 and number.isdigit():
            return int(number) // 10000
    return None


def key(data: bytes, *parts: str) -> str:
    """The key of a file's dump: its bytes' hash, ``parts`` and the tool's version."""
    head = json.dumps([_tool_version(), hashlib.sha256(data).hexdigest(), *parts])
    return hashlib.sha256(head.encode()).hexdigest()[:32]


@functools.cache
def _tool_version() -> str:
    """The version and a hash of the package's own files (an edited or merged source tree
    keeps its version number but may dump differently)."""
    from importlib.metadata import PackageNotFoundError, version  # 8 ms: only for a .sql

    try:
        number = version("schemaparity")
    except PackageNotFoundError:  # pragma: no cover - a source tree on sys.path
        number = "0"
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(here.rglob("*.py")) + sorted(here.rglob("*.sql")):
        digest.update(path.read_bytes())
    return f"{number}+{digest.hexdigest()[:16]}"


def get(entry: str) -> Path | None:
    """The cached dump of ``entry`` (a :func:`key`), when there is one and it is intact."""
    folder = directory()
    with contextlib.suppress(OSError):
        for path in folder.glob(f"{entry}-*.json"):
            digest = path.stem.rsplit("-", 1)[1]
            if hashlib.sha256(path.read_bytes()).hexdigest()[:16] == digest:
                return path
            path.unlink(missing_ok=True)  # damaged: never served, written again
    return None


def put(entry: str, text: str) -> Path | None:
    """Keep ``text`` (a canonical JSON dump) as ``entry``; None when it cannot be written."""
    data = text.encode("utf-8")
    folder = directory()
    target = folder / f"{entry}-{hashlib.sha256(data).hexdigest()[:16]}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{entry}-*.json"):
            if old != target:
                old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{entry}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return None
    return target
