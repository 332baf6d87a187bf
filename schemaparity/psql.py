"""Running a ``.sql`` file with psql, as a person would (plans are applied through it)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from schemaparity.errors import SourceError

if TYPE_CHECKING:
    from schemaparity.scratch import ScratchServer

_PSQL_ERROR = re.compile(r"^psql:(?P<file>.*?):(?P<line>\d+):\s*(?:ERROR|FATAL):\s*(?P<msg>.*)$")


@dataclass(frozen=True)
class PsqlError:
    """The first error psql stopped on: the line of the file, and the message (with its
    DETAIL when the server gave one)."""

    line: int | None
    message: str


def run_psql(server: ScratchServer, dsn: str, path: Path) -> PsqlError | None:
    """Run a file with psql as a person would (ON_ERROR_STOP, no psqlrc); None when it ran.

    The one place that runs a file with psql: plans are applied through it (sources never
    are; ``cache`` asks a DSN server its version with psql's ``-c``, nothing of a file)."""
    psql = server.psql()
    if psql is None:
        raise SourceError("no psql found to run .sql files (install postgresql-client)")
    proc = subprocess.run(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn, "-f", str(path)],
        capture_output=True, text=True, env={"PGOPTIONS": "-c client_min_messages=warning",
                                             "PATH": "/usr/bin:/bin", "LC_ALL": "C"})
    if proc.returncode == 0:
        return None
    lines = proc.stderr.splitlines()
    for i, line in enumerate(lines):
        match = _PSQL_ERROR.match(line)
        if match:
            detail = next((d.split(":", 1)[1].strip() for d in lines[i + 1:i + 3]
                           if d.startswith("DETAIL:")), None)
            message = match.group("msg").strip() + (f" ({detail})" if detail else "")
            return PsqlError(int(match.group("line")), message)
    rest = [ln.strip() for ln in lines if ln.strip()]
    return PsqlError(None, rest[-1] if rest else "psql failed")
