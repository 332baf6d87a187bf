"""One read-only snapshot, read through one or more connections, query by query, in chunks.

Every catalog query (``queries/<kind>.sql``) runs once, batched over all objects of its kind.
With helper connections that import the first connection's exported snapshot, the queries
run side by side on the server; each one's rows come back through a server-side cursor in
chunks, so a 170,000-column result never sits in memory whole and the main thread turns
chunks into objects while the server is still working on the other queries.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from functools import cache
from importlib.resources import files
from queue import Empty, Full, Queue
from typing import Any

import psycopg
from psycopg import sql

from schemaparity import feedback
from schemaparity import model as m
from schemaparity.catalog.options import DumpOptions

CHUNK = 2000  # rows a FETCH
# Queries in the order they are started, as the model's kinds declare it: tables first
# (small, and a table's line needs its row when its columns arrive), then the slowest ones,
# each on its own connection.
ORDER: tuple[str, ...] = tuple(k.query for k in sorted(
    (k for k in m.REGISTRY if k.query is not None), key=lambda k: k.query_order))
# Queries run on the connection that ran another one, right after it: deparsing a policy's
# expressions opens its table (a relation cache entry built per table, per connection), and
# so do the CHECK constraints' (ee_10000: policies 0.51 s CPU on a fresh connection, 0.30 s
# after constraints).
AFTER: dict[str, str] = {"policies": "constraints"}
INCLUDE = "-- @include "
DEPENDENCIES, NO_DEPENDENCIES = "dependencies.sql", "no_dependencies.sql"


def _text(name: str) -> str:
    return (files("schemaparity.catalog") / "queries" / name).read_text("utf-8")


@cache
def query(kind: str, depends: bool = True) -> str:
    """The catalog query of one object kind, loaded once from ``queries/<kind>.sql``; a
    line ``-- @include <file>`` stands for that file's SQL (its leading comment left out),
    e.g. the schema filter every query starts with. Without ``depends`` the dependency
    edges (``dependencies.sql``) are an empty set: every object's ``depends`` is empty."""
    lines = []
    for line in _text(f"{kind}.sql").splitlines(keepends=True):
        if line.startswith(INCLUDE):
            name = line[len(INCLUDE):].strip()
            if name == DEPENDENCIES and not depends:
                name = NO_DEPENDENCIES
            part = _text(name).splitlines(keepends=True)
            lines += [x for i, x in enumerate(part) if not all(
                y.startswith("--") for y in part[:i + 1])]
        else:
            lines.append(line)
    return "".join(lines)


def settings(opts: DumpOptions) -> dict[str, str]:
    """Transaction-local settings of a dump's snapshot.

    ``search_path`` pinned to ``pg_catalog`` makes deparsed SQL schema-qualified. JIT is off:
    the catalog queries are cheap per row but costed high, and compiling them took longer
    than running them (1.25 s of 2.4 s for constraints at 10,000 tables). ``work_mem`` lets
    the sorts of a large catalog stay in memory. ``quote_all_identifiers`` off: deparsed text
    must not depend on a server's setting (``indexes.sql`` quotes as the deparser does).
    ``cursor_tuple_fraction`` 1: the rows are read through cursors, but all of them, so the
    planner must not trade total time for a fast first row. No parallel workers: the queries
    already run side by side, one per connection, and at 10,000 tables the planner started
    workers for the catalog's hash joins that cost more CPU than they saved.
    """
    timeout = f"{opts.statement_timeout_ms}ms"
    return {"statement_timeout": timeout, "lock_timeout": timeout,
            "search_path": "pg_catalog", "quote_all_identifiers": "off", "jit": "off",
            "work_mem": "64MB", "cursor_tuple_fraction": "1",
            "max_parallel_workers_per_gather": "0"}


def configure(conn: psycopg.Connection, opts: DumpOptions) -> None:
    """Apply :func:`settings` to the transaction ``conn`` is in (``set_config(..., true)``)."""
    conn.execute(
        sql.SQL("SELECT {}").format(sql.SQL(", ").join(
            sql.SQL("pg_catalog.set_config({}, {}, true)").format(sql.Literal(k),
                                                                    sql.Literal(v))
            for k, v in settings(opts).items())))


def begin(conn: psycopg.Connection) -> None:
    """Make the next statement open a REPEATABLE READ, READ ONLY transaction."""
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    conn.autocommit = False


class NoExport(Exception):
    """The server refused pg_export_snapshot(); the transaction has been rolled back."""


def open_helpers(conn: psycopg.Connection, connect: Callable[[], psycopg.Connection],
                 opts: DumpOptions) -> list[psycopg.Connection]:
    """Up to ``opts.jobs - 1`` more connections in ``conn``'s snapshot; fewer when the server runs
    out of connections. :class:`NoExport` when it cannot export a snapshot (a standby, a
    pooler in transaction mode): then the caller reads on one connection."""
    try:  # not in a savepoint: a subtransaction cannot export its snapshot
        snapshot = conn.execute("SELECT pg_catalog.pg_export_snapshot()").fetchone()[0]
    except psycopg.Error as exc:
        raise NoExport(str(exc)) from exc
    out: list[psycopg.Connection] = []
    for _ in range(opts.jobs - 1):
        try:
            helper = connect()
        except Exception as exc:  # noqa: BLE001 - e.g. too many connections: read with fewer
            feedback.log.debug("[catalog] no more helper connections: %s", exc)
            break
        try:
            begin(helper)  # the implicit BEGIN comes first, then the snapshot
            helper.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))
            configure(helper, opts)
        except psycopg.Error as exc:
            feedback.log.debug("[catalog] a helper cannot join the snapshot: %s", exc)
            helper.close()
            break
        out.append(helper)
    return out


Chunk = tuple[tuple[str, ...], list[tuple]]  # a query's column names, some of its rows


def _stream(conn: psycopg.Connection, kind: str, params: dict[str, Any],
            depends: bool = True) -> Iterator[Chunk]:
    """One query's rows, a chunk at a time, through a server-side cursor, each chunk with
    the query's column names (from the cursor's description)."""
    text = query(kind, depends)
    feedback.sql(f"queries/{kind}.sql", "catalog")
    started = time.monotonic()
    count = 0
    with conn.cursor(name=f"schemaparity_{kind}") as cur:
        cur.execute(text, params if "%(" in text else None)
        names = tuple(c.name for c in cur.description or ())
        while rows := cur.fetchmany(CHUNK):
            count += len(rows)
            yield names, rows
    feedback.log.debug("[catalog] %s: %d rows in %.3fs", kind, count,
                       time.monotonic() - started)


class Readers:
    """Every catalog query once, spread over connections that share one snapshot.

    :meth:`chunks` yields ``(kind, (names, rows))`` as chunks arrive and ``(kind, None)`` when a
    query is done; a connection is only ever used by one thread. Worker threads wait when
    the main thread falls behind (a bounded queue), so rows do not pile up in memory.
    ``depends``: read the dependency edges (``query``).
    """

    def __init__(self, conns: list[psycopg.Connection], params: dict[str, Any],
                 depends: bool = True) -> None:
        self.conns = conns
        self.params = params
        self.depends = depends
        self.out: Queue[tuple[str, Chunk | BaseException | None]] = Queue(maxsize=16)
        self.pending: Queue[str] = Queue()
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        self.first_error: BaseException | None = None  # what a worker hit first
        self.lock = threading.Lock()

    def __enter__(self) -> Readers:
        if len(self.conns) > 1:
            for kind in ORDER:
                if kind not in AFTER:
                    self.pending.put(kind)
            for i, conn in enumerate(self.conns):
                thread = threading.Thread(target=self._drain, args=(conn,),
                                          name=f"catalog-{i}", daemon=True)
                thread.start()
                self.threads.append(thread)
        return self

    def _put(self, item: tuple[str, Chunk | BaseException | None]) -> bool:
        while not self.stop.is_set():
            try:
                self.out.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def _drain(self, conn: psycopg.Connection) -> None:
        while not self.stop.is_set():
            try:
                kind = self.pending.get_nowait()
            except Empty:
                return
            for each in (kind, *(k for k, first in AFTER.items() if first == kind)):
                if not self._run(conn, each):
                    return

    def _run(self, conn: psycopg.Connection, kind: str) -> bool:
        """One query's chunks, then its end, onto the queue; False: stop this worker."""
        try:
            for chunk in _stream(conn, kind, self.params, self.depends):
                if not self._put((kind, chunk)):
                    return False
        except BaseException as exc:  # noqa: BLE001 - raised again in the main thread
            with self.lock:
                self.first_error = self.first_error or exc
            self._put((kind, exc))
            return False  # this connection's transaction is aborted
        return self._put((kind, None))

    def chunks(self) -> Iterator[tuple[str, Chunk | None]]:
        if not self.threads:
            for kind in ORDER:
                feedback.progress(f"reading {kind} ...")
                rows = _stream(self.conns[0], kind, self.params, self.depends)
                yield from ((kind, chunk) for chunk in rows)
                yield kind, None
            return
        done = 0
        while done < len(ORDER):
            kind, item = self.out.get()
            if isinstance(item, BaseException):
                raise item
            if item is None:
                done += 1
                feedback.progress(f"read {kind} ({done}/{len(ORDER)}) ...")
            yield kind, item

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        """Stop and join the workers. The first error wins: the main thread also runs
        statements on the first connection, which a worker shares; when a worker's query
        failed there, the main thread's next statement fails with "current transaction is
        aborted", a follow-on that must not hide the real error."""
        self.stop.set()
        for thread in self.threads:
            thread.join()
        first = self.first_error
        if (first is not None and first is not exc
                and isinstance(exc, psycopg.errors.InFailedSqlTransaction)):
            raise first
