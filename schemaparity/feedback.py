"""Progress and verbose output, on stderr: progress only on a terminal and never with
``--quiet``; ``-v`` logs the SQL and commands being run, with passwords removed."""

from __future__ import annotations

import logging
import os
import sys
import time

log = logging.getLogger("schemaparity")
_state = {"quiet": False, "verbose": 0, "last": 0.0}


def configure(quiet: bool = False, verbose: int = 0) -> None:
    _state["quiet"], _state["verbose"] = quiet, verbose
    if verbose and not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("schemaparity: %(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.DEBUG if verbose else logging.WARNING)


def progress(message: str) -> None:
    """A one-line status on a terminal (stderr), overwritten by the next one."""
    if _state["quiet"] or os.environ.get("CI") or not sys.stderr.isatty():
        return
    now = time.monotonic()
    sys.stderr.write(f"\r\033[K{message}")
    sys.stderr.flush()
    _state["last"] = now


def done() -> None:
    if not _state["quiet"] and sys.stderr.isatty() and _state["last"]:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
        _state["last"] = 0.0


def sql(text: str, where: str = "") -> None:
    """Log SQL about to run (``-v``); the caller passes text without secrets."""
    if _state["verbose"]:
        first = " ".join(text.split())
        log.debug("%s%s", f"[{where}] " if where else "",
                  first if _state["verbose"] > 1 else first[:200])


def note(message: str) -> None:
    """A one-line remark on stderr (``schemaparity: note: ...``), never with ``--quiet``."""
    if not _state["quiet"]:
        sys.stderr.write(f"schemaparity: note: {message}\n")
        sys.stderr.flush()
