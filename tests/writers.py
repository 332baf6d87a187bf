"""Writers for the plan tests: connections that insert and update rows while a plan runs.

Each job runs in its own thread and connection (autocommit) until stopped; every call is
timed and kept as a :class:`Write`. A job remembers the rows it committed with
:meth:`Writers.record`, so a test can look for each of them afterwards. A statement that a
constraint (or the schema the plan has moved to) refuses is *rejected*: the application's
problem, not the plan's. A statement that hit a lock timeout, a deadlock or the writers' own
statement timeout *waited*: that is the plan's. A watcher samples what blocks the writers
(the blocking backend's statement), so a long wait can name the plan step that caused it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import psycopg

from schemaparity.plan.render import Rendered

# lock_not_available, query_canceled (statement_timeout), deadlock, serialization failure
WAITED = frozenset(("55P03", "57014", "40P01", "40001"))
WATCH_EVERY = 0.05  # seconds between two looks at what blocks the writers
BLOCKERS = ("SELECT w.pid, b.query FROM pg_stat_activity b, unnest(%s::int[]) AS w(pid) "
            "WHERE b.pid = ANY (pg_blocking_pids(w.pid))")

# one write, the n-th of its thread: records the rows it commits, says what it did
Job = Callable[["Writers", psycopg.Connection, int], str]


@dataclass(frozen=True)
class Write:
    started: float  # time.monotonic()
    seconds: float
    what: str  # "insert public.t", as the job said
    pid: int
    sqlstate: str | None = None  # the error's, if the write failed
    error: str | None = None

    @property
    def waited(self) -> bool:
        return self.sqlstate in WAITED

    @property
    def rejected(self) -> bool:
        return self.error is not None and not self.waited


class Writers:
    """Run ``jobs`` (each its own connection) until the ``with`` block ends.

    ``timeout``: each writer's ``statement_timeout`` in seconds, so a writer stuck behind a
    lock is cancelled (and counted as a wait) instead of hanging the test.
    """

    def __init__(self, dsn: str, jobs: Sequence[Job], timeout: float = 30.0,
                 pause: float = 0.005) -> None:
        self.dsn, self.timeout, self.pause = dsn, timeout, pause
        self.stop = threading.Event()
        self.writes: list[Write] = []
        self.rows: dict[str, list[tuple[str, ...]]] = {}  # table -> committed rows' keys
        self.blockers: list[tuple[float, int, str]] = []  # (when, writer pid, its blocker)
        self.pids: list[int] = []
        self.failures: list[str] = []  # a writer thread that could not run at all
        self.threads = [threading.Thread(target=self._run, args=(job,)) for job in jobs]
        self.threads.append(threading.Thread(target=self._watch))

    def record(self, table: str, key: tuple[str, ...]) -> None:
        """A row the job committed (its key, as text)."""
        self.rows.setdefault(table, []).append(key)

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)

    def _run(self, job: Job) -> None:
        try:
            with psycopg.connect(self.dsn, autocommit=True) as conn:
                conn.execute("SELECT set_config('statement_timeout', %s, false)",
                             (f"{int(self.timeout * 1000)}ms",))
                pid = conn.info.backend_pid
                self.pids.append(pid)
                n = 0
                while not self.stop.is_set():
                    n += 1
                    self.writes.append(self._timed(job, conn, n, pid))
                    time.sleep(self.pause)
        except psycopg.Error as exc:
            self.failures.append(f"{getattr(job, '__name__', job)}: {exc}")

    def _timed(self, job: Job, conn: psycopg.Connection, n: int, pid: int) -> Write:
        start = time.monotonic()
        try:
            what = job(self, conn, n)
        except psycopg.Error as exc:
            notes = getattr(exc, "__notes__", None)  # a job adds what it was doing
            what = notes[0] if notes else getattr(job, "__name__", "write")
            return Write(start, time.monotonic() - start, what, pid, exc.sqlstate,
                         str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return Write(start, time.monotonic() - start, what, pid)

    def _watch(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.stop.wait(WATCH_EVERY):
                if self.pids:
                    now = time.monotonic()
                    for pid, query in conn.execute(BLOCKERS, (list(self.pids),)).fetchall():
                        self.blockers.append((now, pid, query or ""))

    @property
    def rejected(self) -> list[Write]:
        return [w for w in self.writes if w.rejected]

    def longest(self) -> Write:
        return max(self.writes, key=lambda w: w.seconds)

    def too_long(self, bound: float) -> list[Write]:
        """The writes that waited on a lock (timed out, deadlocked) or took over ``bound``."""
        return [w for w in self.writes if w.waited or w.seconds > bound]

    def blocked_by(self, write: Write) -> list[str]:
        """What blocked ``write`` while it ran (the blocking statements, once each)."""
        seen = [q for when, pid, q in self.blockers if pid == write.pid
                and write.started <= when <= write.started + write.seconds]
        return list(dict.fromkeys(seen))

    def check(self, bound: float, where: str, rendered: Rendered | None = None) -> None:
        """Fail naming ``where``, the write, and the plan step blocking it, if a writer could
        not run or one write waited longer than ``bound`` seconds."""
        assert not self.failures, f"{where}: a writer could not run: {self.failures}"
        slow = self.too_long(bound)
        if slow:
            worst = max(slow, key=lambda w: w.seconds)
            blockers = self.blocked_by(worst)
            steps = [s for s in (step_of(rendered, q) for q in blockers) if s] if rendered else []
            raise AssertionError(
                f"{where}: {len(slow)} write(s) waited longer than {bound:.1f} s; the longest, "
                f"{worst.what}, {worst.seconds:.2f} s ({worst.error or 'no error'}); blocked "
                f"by step {', '.join(steps) or '?'}: {[q[:200] for q in blockers]}")


def step_of(rendered: Rendered, query: str) -> str | None:
    """The id of the plan step whose text holds ``query`` (its first line)."""
    first = next((line.strip() for line in query.splitlines() if line.strip()), "")
    if not first:
        return None
    lines = rendered.text.split("\n")
    for start, end, step_id in rendered.lines:
        if any(first in line for line in lines[start - 1:end]):
            return step_id
    return None
