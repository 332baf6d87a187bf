"""What every benchmark needs: a scratch server, a loaded schema, a measured subprocess.

Each measured command runs as its own child, under GNU ``/usr/bin/time`` when present (peak
RSS of that one process, ``%M``) or else under a small Python wrapper process whose
``RUSAGE_CHILDREN`` holds exactly that one command. Wall time is taken around the child with
``time.perf_counter``. Only the client process is measured: the server backend's work shows in
wall time, its memory does not (the same for every tool compared).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import psycopg
from psycopg import sql

from schemaparity.scratch import ScratchServer, start_server

GNU_TIME = "/usr/bin/time"

# Runs argv[2:] and writes {"rc", "maxrss_kb", "cpu_s"} to argv[1]. RUSAGE_CHILDREN of this
# fresh process covers that one command only.
_WRAPPER = """\
import json, resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as fh:
    json.dump({"rc": rc, "maxrss_kb": usage.ru_maxrss,
               "cpu_s": usage.ru_utime + usage.ru_stime}, fh)
sys.exit(rc)
"""


@dataclass(frozen=True)
class Measurement:
    """One run of one command."""

    seconds: float
    peak_rss_kb: int
    cpu_seconds: float = 0.0  # user + system of the client process (not the server's)
    output_bytes: int | None = None
    stderr: str = ""

    @property
    def peak_rss_mb(self) -> float:
        return self.peak_rss_kb / 1024


class CommandFailed(RuntimeError):
    pass


def gnu_time() -> str | None:
    """``/usr/bin/time`` if it is GNU time (it understands ``-f`` and ``-o``)."""
    if not os.access(GNU_TIME, os.X_OK):
        return None
    probe = subprocess.run([GNU_TIME, "-f", "%M", "true"], capture_output=True, text=True)
    return GNU_TIME if probe.returncode == 0 and probe.stderr.strip().isdigit() else None


def measure(cmd: Sequence[str], output: Path | None = None,
            env: dict[str, str] | None = None) -> Measurement:
    """Run ``cmd`` once; its wall time, peak RSS and (if given) the size of ``output``."""
    with tempfile.NamedTemporaryFile("r", suffix=".rusage") as stats:
        timer = gnu_time()
        if timer:
            wrapped = [timer, "-f", "%x %M %U %S", "-o", stats.name, *cmd]
        else:
            wrapped = [sys.executable, "-c", _WRAPPER, stats.name, *cmd]
        start = time.perf_counter()
        proc = subprocess.run(wrapped, capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - start
        text = Path(stats.name).read_text()
    if timer:
        # GNU time may prefix "Command exited with non-zero status N"; the last line is ours
        rc_text, rss_text, user, system = text.strip().splitlines()[-1].split()
        rc, rss, cpu = int(rc_text), int(rss_text), float(user) + float(system)
    else:
        data = json.loads(text) if text else {"rc": proc.returncode, "maxrss_kb": 0, "cpu_s": 0}
        rc, rss, cpu = int(data["rc"]), int(data["maxrss_kb"]), float(data["cpu_s"])
    if rc != 0 or proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise CommandFailed(f"{Path(cmd[0]).name} exited with {rc}: " + " | ".join(tail))
    size = output.stat().st_size if output is not None and output.exists() else None
    return Measurement(seconds, rss, cpu, size, proc.stderr)


def best(runs: Sequence[Measurement]) -> Measurement:
    """The fastest run's time with the largest peak RSS of all runs (the cautious pair)."""
    fastest = min(runs, key=lambda r: r.seconds)
    return Measurement(fastest.seconds, max(r.peak_rss_kb for r in runs), fastest.cpu_seconds,
                       fastest.output_bytes, fastest.stderr)


@contextlib.contextmanager
def scratch_server(backend: str, pg_bin: str | None = None) -> Iterator[ScratchServer]:
    """A started scratch server, stopped on exit, on error, on Ctrl-C and on SIGTERM."""

    def on_term(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, on_term)
    server = start_server(backend, pg_bin)
    try:
        yield server
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)


def client_tool(server: ScratchServer, name: str) -> str:
    """A client program (psql, pg_dump) of the server's own version when we have its bin dir."""
    if server.bindir is not None and (server.bindir / name).exists():
        return str(server.bindir / name)
    found = shutil.which(name)
    if not found:
        raise CommandFailed(f"no {name} found (install postgresql-client)")
    return found


def load_schema(server: ScratchServer, dsn: str, path: Path) -> float:
    """Load a .sql file in one transaction (``psql -1``); returns the seconds it took."""
    cmd = [client_tool(server, "psql"), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1",
           "-d", dsn, "-f", str(path)]
    env = {**os.environ, "PGOPTIONS": "-c client_min_messages=warning"}
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        raise CommandFailed(f"loading {path} failed: " + " | ".join(tail))
    return seconds


def count_tables_columns(dsn: str) -> tuple[int, int]:
    """User tables and their live columns (system and toast schemas left out)."""
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            """
            SELECT count(DISTINCT c.oid), count(a.attnum)
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_attribute a
              ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind IN ('r', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname !~ '^pg_toast'
            """
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def loaded_database(server: ScratchServer, path: Path, keep: bool) -> tuple[str, str, float | None]:
    """A database holding the schema in ``path``: ``(name, dsn, load seconds)``.

    With ``keep`` (a ``dsn`` scratch server, see ``--keep``) the database is named after a
    hash of the SQL, left in place afterwards and reused by later runs (load seconds None):
    a 10,000-table schema takes minutes to load. Otherwise it is new and the caller drops it.
    """
    if not keep:
        name = server.create_database()
        return name, server.dsn(name), load_schema(server, server.dsn(name), path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    name = f"sp_bench_{digest}"
    with psycopg.connect(server.admin_dsn(), autocommit=True) as conn:
        ready = conn.execute(
            "SELECT pg_catalog.shobj_description(oid, 'pg_database') = 'loaded'"
            " FROM pg_catalog.pg_database WHERE datname = %s", (name,)).fetchone()
    if ready and ready[0]:
        return name, server.dsn(name), None
    if ready:  # a load that did not finish
        server.drop_database(name)
    server.create_database(name)
    server.forget_database(name)  # kept when the server stops
    seconds = load_schema(server, server.dsn(name), path)
    with psycopg.connect(server.admin_dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("COMMENT ON DATABASE {} IS 'loaded'").format(sql.Identifier(name)))
    return name, server.dsn(name), seconds
