"""Apply a migration statement by statement and watch what each step really does.

Per step: wall time, the locks it took on relations that existed before it (from ``pg_locks``
of its own backend before the transaction commits; a statement that cannot run in a
transaction is watched from a monitor connection while it runs), the tables it rewrote (a new
``relfilenode``) and the rows it read and wrote (``pg_stat_get_xact_*``). A statement run
outside a transaction block is wrapped in one to be watched, unless it refuses a transaction
block (``CREATE INDEX CONCURRENTLY``, a ``DO`` that commits): then the monitor watches it.

A schemaparity plan's steps are its ``-- step`` blocks, whose comment lines declare the lock
and the hazards; any other migration is watched statement by statement (nothing declared).
:func:`mismatches` names each step that took a stronger lock than it declares (one that
declares no lock, or ``none``, may take none), or rewrote a table without declaring
``table_rewrite``.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import psycopg

from schemaparity.plan.render import Rendered
from schemaparity.plan.sqlgen import sql
from schemaparity.scratch.split import Statement, split

MEMO_SCHEMA = "_schemaparity_verify"
# pg_locks modes from the weakest to the strongest, and the names plans declare them by
MODES = ("AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
         "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock")
LOCK_NAMES = ("ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
              "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE")
CONTROL = frozenset(("begin", "start", "commit", "end", "rollback", "set", "reset", "savepoint",
                     "release", "abort"))
_ON_ERROR_STOP = re.compile(r"^\\set ON_ERROR_STOP\b[^\n]*$", re.M | re.I)
NO_TX_BLOCK = frozenset(("25001", "2D000"))  # cannot run inside a transaction block / commit


def lock_rank(name: str | None) -> int:
    """The strength of a declared lock (``"ACCESS EXCLUSIVE on t"`` reads as its mode); -1
    for none."""
    if not name:
        return -1
    upper = name.upper()  # the longest name it starts with: SHARE UPDATE EXCLUSIVE is not SHARE
    found = [mode for mode in LOCK_NAMES if upper.startswith(mode)]
    return LOCK_NAMES.index(max(found, key=len)) if found else -1


@dataclass
class StepObservation:
    step: str
    declared_lock: str | None = None
    declared_hazards: tuple[str, ...] = ()
    declared: bool = False  # a schemaparity step (its comment block declares what it costs)
    seconds: float = 0.0
    statements: int = 0
    lock: str | None = None  # the strongest lock observed on a relation that existed before
    lock_on: str | None = None
    rewrites: list[str] = field(default_factory=list)
    rows_read: int | None = 0
    rows_written: int | None = 0
    monitored: bool = False  # ran outside a transaction: locks sampled by a monitor
    waited: bool = False  # monitored, and its locks read while it waited for the monitor

    def took(self, relation: str, modes: list[str]) -> None:
        for mode in modes:
            rank = MODES.index(mode) if mode in MODES else -1
            if rank > lock_rank(self.lock):
                self.lock, self.lock_on = LOCK_NAMES[rank], relation


@dataclass
class Observed:
    steps: list[StepObservation]
    failed_step: str | None = None
    note: str | None = None  # why nothing was observed (a psql meta-command)


class StatementFailed(Exception):
    def __init__(self, step: str | None, message: str, line: int, observed: Observed) -> None:
        super().__init__(message)
        self.step, self.message, self.line = step, message, line
        self.observed = observed  # the steps up to and with the failing one


def declarations(rendered: Rendered) -> dict[str, StepObservation]:
    """Each step of a plan with the lock and hazards its comment block declares."""
    rows = rendered.text.split("\n")
    out = {}
    for first, last, step_id in rendered.lines:
        obs = StepObservation(step_id, declared=True)
        hazards = []
        for row in rows[first:last]:
            if not row.startswith("--   "):
                break
            body = row[5:]
            if body.startswith("lock: "):
                obs.declared_lock = body[6:].strip()
            elif body.startswith("hazard "):
                hazards.append(body[7:].partition(":")[0])
        obs.declared_hazards = tuple(hazards)
        out[step_id] = obs
    return out


def mismatches(observed: Observed) -> list[str]:
    """Steps that took a stronger lock than the one they declare (a step declaring none, or
    no lock at all, may take none on a table that existed before it), or rewrote a table
    without declaring ``table_rewrite``."""
    out = []
    for s in observed.steps:
        if not s.declared:
            continue
        if s.lock and lock_rank(s.lock) > lock_rank(s.declared_lock):
            declares = f"lock {s.declared_lock}" if s.declared_lock else "no lock"
            out.append(f"step {s.step} declares {declares} but took {s.lock} on {s.lock_on}")
        if s.rewrites and "table_rewrite" not in s.declared_hazards:
            out.append(f"step {s.step} rewrote {', '.join(s.rewrites)} but does not declare "
                       "the table_rewrite hazard")
    return out


def _held(conn: psycopg.Connection, pid: int | None = None) -> dict[int, tuple[Any, ...]]:
    query = sql("verify/held", own=pid is None, pid=pid or 0, memo=MEMO_SCHEMA)
    return {row[0]: row[1:] for row in conn.execute(query).fetchall()}  # type: ignore[arg-type]


def _files(conn: psycopg.Connection) -> dict[int, tuple[str, int]]:
    rows = conn.execute(sql("verify/relfilenodes")).fetchall()  # type: ignore[arg-type]
    return {oid: (f"{schema}.{name}", node) for oid, schema, name, node in rows}


class _Monitor(threading.Thread):
    """Samples the locks of backend ``pid`` from its own connection until stopped.

    A gate connection holds a snapshot from before the statement starts: a ``CONCURRENTLY``
    build (or ``REINDEX CONCURRENTLY``) waits at its end for every older snapshot, holding its
    locks, so they are read for certain while it waits (``waited``); the gate then ends. A
    statement that never waits for it (a ``DO`` committing per batch, ``DROP INDEX
    CONCURRENTLY``) is only sampled: a lock held between two samples goes unseen.
    """

    def __init__(self, dsn: str, pid: int) -> None:
        super().__init__(daemon=True)
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.gate: psycopg.Connection | None = psycopg.connect(dsn)
        self.gate.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        self.gate.execute(sql("verify/gate"))  # type: ignore[arg-type]
        self.pid, self.seen, self.done = pid, {}, threading.Event()  # type: ignore[var-annotated]
        self.waited = False

    def sample(self) -> None:
        for oid, row in _held(self.conn, self.pid).items():
            self.seen.setdefault(oid, (row[2], set()))[1].update(row[4])

    def open_gate(self) -> None:
        if self.gate is not None:
            self.gate.close()  # its snapshot ends: the waiting statement goes on
            self.gate = None

    def run(self) -> None:
        try:
            while True:
                finished = self.done.is_set()
                self.sample()
                if self.gate is not None and self.conn.execute(
                        sql("verify/waiting", pid=self.pid)).fetchone() == (True,):  # type: ignore[arg-type]
                    self.sample()  # all it holds, while it waits for the gate
                    self.waited = True
                    self.open_gate()
                if finished:
                    return
                time.sleep(0.002)
        finally:
            self.open_gate()

    def stop(self) -> dict[int, tuple[str, set[str]]]:
        self.done.set()
        self.join()
        self.conn.close()
        return self.seen  # type: ignore[no-any-return]


class Observer:
    """Runs statements on one autocommit connection and files what each step did."""

    def __init__(self, conn: psycopg.Connection, dsn: str, rendered: Rendered) -> None:
        self.conn, self.dsn, self.rendered = conn, dsn, rendered
        self.steps = declarations(rendered)
        self.files = _files(conn)
        self.existing = set(self.files)  # locks on relations the plan made block nobody
        self.cache: dict[int, tuple[Any, ...]] | None = None  # locks held since the last look
        self.count = 0
        self.current: str | None = None  # the step of the statement running
        # the counts of rows a transaction touched include what earlier ones left unflushed
        # (PostgreSQL 15+ flushes them when the backend is idle; this forces it)
        self.flush = conn.info.server_version >= 150000

    def observed(self, failed: str | None = None) -> Observed:
        return Observed([s for s in self.steps.values() if s.statements], failed)

    def label(self, stmt: Statement) -> str | None:
        if self.rendered.lines:
            return self.rendered.step_at(stmt.line)
        self.count += 1
        return f"statement {self.count} (line {stmt.line})"

    def step(self, step_id: str) -> StepObservation:
        if step_id not in self.steps:
            self.steps[step_id] = StepObservation(step_id)
        return self.steps[step_id]

    def execute(self, stmt: Statement) -> None:
        if stmt.copy_data is not None:
            with self.conn.cursor().copy(stmt.text) as copy:  # type: ignore[arg-type]
                copy.write(stmt.copy_data)
        else:
            self.conn.execute(stmt.text)  # type: ignore[arg-type]

    def run(self, stmt: Statement) -> None:
        step_id = self.current = self.label(stmt)
        idle = self.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        if idle and self.flush:
            self.conn.execute(sql("verify/flush_stats"))  # type: ignore[arg-type]
        if step_id is None or (stmt.words and stmt.words[0] in CONTROL):
            self.cache = None
            self.execute(stmt)
            return
        obs = self.step(step_id)
        obs.statements += 1
        if idle:
            self.conn.execute("BEGIN")
        try:
            self.watched(stmt, obs)
        except psycopg.Error as exc:
            if not idle:
                raise
            self.conn.execute("ROLLBACK")
            if exc.sqlstate not in NO_TX_BLOCK:
                raise
            self.monitored(stmt, obs)
            return
        if idle:
            self.conn.execute("COMMIT")
            self.cache = None

    def watched(self, stmt: Statement, obs: StepObservation) -> None:
        before = self.cache if self.cache is not None else _held(self.conn)
        start = time.perf_counter()
        self.execute(stmt)
        obs.seconds += time.perf_counter() - start
        after = self.cache = _held(self.conn)
        for oid, (relkind, schema, name, node, modes, read, written) in after.items():
            old = before.get(oid)
            known = self.files.get(oid)
            relation = known[0] if known else f"{schema}.{name}" if name else str(oid)
            if obs.rows_read is not None and read is not None:
                obs.rows_read += read - (old[5] if old else 0)
                obs.rows_written = (obs.rows_written or 0) + written - (old[6] if old else 0)
            if oid in self.existing:
                obs.took(relation, [m for m in modes if old is None or m not in old[4]])
            if name is None or relkind not in ("r", "m", "p"):
                continue
            if known and node != known[1]:
                obs.rewrites.append(relation)
            self.files[oid] = (relation, node)

    def monitored(self, stmt: Statement, obs: StepObservation) -> None:
        obs.monitored, obs.rows_read, obs.rows_written = True, None, None
        monitor = _Monitor(self.dsn, self.conn.info.backend_pid)
        monitor.start()
        start = time.perf_counter()
        try:
            self.execute(stmt)
        finally:
            obs.seconds += time.perf_counter() - start
            seen = monitor.stop()
        obs.waited = obs.waited or monitor.waited
        for oid, (_relation, modes) in seen.items():
            if oid in self.existing:
                obs.took(self.files[oid][0], sorted(modes))
        for oid, (relation, node) in _files(self.conn).items():
            known = self.files.get(oid)
            if known and known[1] != node:
                obs.rewrites.append(known[0])
            self.files[oid] = (known[0] if known else relation, node)


def observe(conn: psycopg.Connection, dsn: str, rendered: Rendered) -> Observed:
    """Run ``rendered`` on ``conn`` (autocommit) step by step; a failing statement raises
    :class:`StatementFailed` (its step, message and line; the transaction rolled back)
    carrying nothing else. ``split`` errors (a psql meta-command) pass through."""
    observer = Observer(conn, dsn, rendered)
    std = conn.info.parameter_status("standard_conforming_strings") != "off"
    text = _ON_ERROR_STOP.sub("", rendered.text)  # we stop at the first error anyway
    for stmt in list(split(text, lambda: std)):
        try:
            observer.run(stmt)
        except psycopg.Error as exc:
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                conn.execute("ROLLBACK")
            raise StatementFailed(observer.current, _message(exc), stmt.line,
                                  observer.observed(observer.current)) from None
    return observer.observed()


def _message(exc: psycopg.Error) -> str:
    diag = exc.diag
    message = diag.message_primary or str(exc).splitlines()[0]
    if diag.message_detail:
        message += f" ({diag.message_detail.splitlines()[0]})"
    return message
