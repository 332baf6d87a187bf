"""Run the catalog queries in one REPEATABLE READ, READ ONLY transaction and build the model.

One batched query per object kind (``queries/<kind>.sql``), so a dump costs the same number
of round trips for 10 tables as for 10,000. ``search_path`` is pinned to ``pg_catalog`` for
the snapshot so every user type, function and table in deparsed SQL comes out
schema-qualified, whatever the caller's settings.
"""

from __future__ import annotations

import fnmatch
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from queue import Empty, Queue
from typing import Any

import psycopg
from psycopg import sql

from schemaparity import feedback
from schemaparity import model as m
from schemaparity.errors import CatalogError
from schemaparity.sqltext import qualified, unqualify_single_relation

CONTYPES = {"p": "primary key", "u": "unique", "f": "foreign key", "c": "check", "x": "exclude"}
FK_ACTIONS = {
    "a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default",
}
FK_MATCH = {"s": "simple", "f": "full", "p": "partial"}
VOLATILITY = {"i": "immutable", "s": "stable", "v": "volatile"}
PARALLEL = {"s": "safe", "r": "restricted", "u": "unsafe"}
PROKIND = {"f": "function", "p": "procedure", "a": "aggregate", "w": "window"}
POLCMD = {"*": "all", "r": "select", "a": "insert", "w": "update", "d": "delete"}
TGENABLED = {"O": "origin", "D": "disabled", "R": "replica", "A": "always"}
IDENTITY = {"a": "always", "d": "by default"}
GENERATED = {"s": "stored", "v": "virtual"}
COLLPROVIDER = {"c": "libc", "i": "icu", "b": "builtin", "d": "default"}


@dataclass(frozen=True)
class DumpOptions:
    """What to read. Defaults give a full schema dump without owners, privileges or counts."""

    schemas: tuple[str, ...] = ()
    exclude_schemas: tuple[str, ...] = ()
    owners: bool = False
    privileges: bool = False
    version_tables: tuple[str, ...] = ("alembic_version*",)
    row_counts: str | None = None  # None | "exact" | "estimate"
    statement_timeout_ms: int = 120_000
    jobs: int = 3  # connections reading in parallel, one snapshot (1: only the caller's)
    extra: dict[str, Any] = field(default_factory=dict)


@cache
def query(kind: str) -> str:
    """The catalog query of one object kind, loaded once from ``queries/<kind>.sql``."""
    return (files("schemaparity.catalog") / "queries" / f"{kind}.sql").read_text("utf-8")


def _fetch(
    conn: psycopg.Connection, kind: str, params: dict[str, Any], quiet: bool = False
) -> list[tuple]:
    text = query(kind)
    if not quiet:  # the terminal line belongs to the main thread
        feedback.progress(f"reading {kind} ...")
    feedback.sql(f"queries/{kind}.sql", "catalog")
    started = time.monotonic()
    with conn.cursor() as cur:
        cur.execute(text, params if "%(" in text else None)
        rows = cur.fetchall()
    feedback.log.debug("[catalog] %s: %d rows in %.3fs", kind, len(rows),
                       time.monotonic() - started)
    return rows


def _acl(value: list[str] | None, opts: DumpOptions) -> tuple[str, ...] | None:
    if not opts.privileges:
        return None
    return tuple(sorted(value or ()))


def _owner(value: str | None, opts: DumpOptions) -> str | None:
    return value if opts.owners else None


def settings(opts: DumpOptions) -> dict[str, str]:
    """Transaction-local settings of a dump's snapshot.

    ``search_path`` pinned to ``pg_catalog`` makes deparsed SQL schema-qualified. JIT is off:
    the catalog queries are cheap per row but costed high, and compiling them took longer
    than running them (1.25 s of 2.4 s for constraints at 10,000 tables). ``work_mem`` lets
    the sorts of a large catalog stay in memory. ``quote_all_identifiers`` off: deparsed text
    must not depend on a server's setting (``indexes.sql`` quotes as the deparser does).
    """
    timeout = f"{opts.statement_timeout_ms}ms"
    return {"statement_timeout": timeout, "lock_timeout": timeout,
            "search_path": "pg_catalog", "quote_all_identifiers": "off", "jit": "off",
            "work_mem": "64MB"}


def configure(conn: psycopg.Connection, opts: DumpOptions) -> None:
    """Apply :func:`settings` to the transaction ``conn`` is in (``set_config(..., true)``)."""
    values = settings(opts)
    conn.execute(
        sql.SQL("SELECT {}").format(sql.SQL(", ").join(
            sql.SQL("pg_catalog.set_config({}, {}, true)").format(sql.Literal(k),
                                                                    sql.Literal(v))
            for k, v in values.items())))


def dump(
    conn: psycopg.Connection,
    options: DumpOptions | None = None,
    connect: Callable[[], psycopg.Connection] | None = None,
) -> m.Catalog:
    """Read the whole catalog of ``conn``'s database in one read-only snapshot.

    The connection must not be inside a transaction; it is left idle afterwards and nothing
    is written: the transaction is READ ONLY and ends in a rollback. Given ``connect`` (opens
    another connection to the same database) and ``options.jobs`` > 1, the catalog queries
    are spread over that many connections that share ``conn``'s exported snapshot, so the
    server runs them side by side while this process builds the model; where the server
    cannot export a snapshot or a connection cannot be opened, fewer connections read.
    """
    opts = options or DumpOptions()
    if connect is not None and opts.jobs > 1:
        try:
            return _dump(conn, opts, connect)
        except _NoExport as exc:  # a standby or pooler that cannot: read on one connection
            feedback.log.debug("[catalog] reading on one connection: %s", exc)
    return _dump(conn, opts, None)


class _NoExport(Exception):
    """The server refused pg_export_snapshot(); the transaction has been rolled back."""


def _dump(
    conn: psycopg.Connection, opts: DumpOptions,
    connect: Callable[[], psycopg.Connection] | None,
) -> m.Catalog:
    params = {"include": list(opts.schemas), "exclude": list(opts.exclude_schemas)}
    _begin(conn)
    helpers: list[psycopg.Connection] = []
    try:
        with conn.transaction(force_rollback=True):
            configure(conn, opts)
            if connect is not None:
                helpers = _helpers(conn, connect, opts)
            with _Readers([conn, *helpers], params) as readers:
                catalog = _read(conn, opts, readers)
            feedback.done()
            return catalog
    except psycopg.Error as exc:
        diag = getattr(exc, "diag", None)
        detail = (diag.message_primary if diag and diag.message_primary else str(exc))
        raise CatalogError(f"reading the catalog failed: {detail}") from exc
    finally:
        for helper in helpers:
            helper.close()


def _begin(conn: psycopg.Connection) -> None:
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    conn.autocommit = False


def _helpers(
    conn: psycopg.Connection, connect: Callable[[], psycopg.Connection], opts: DumpOptions
) -> list[psycopg.Connection]:
    """Up to ``opts.jobs - 1`` more connections in ``conn``'s snapshot (none if the server
    cannot export it, e.g. behind a connection pooler in transaction mode)."""
    try:  # not in a savepoint: a subtransaction cannot export its snapshot
        snapshot = conn.execute("SELECT pg_catalog.pg_export_snapshot()").fetchone()[0]
    except psycopg.Error as exc:
        raise _NoExport(str(exc)) from exc
    out: list[psycopg.Connection] = []
    for _ in range(opts.jobs - 1):
        try:
            helper = connect()
        except Exception as exc:  # noqa: BLE001 - e.g. too many connections: read with fewer
            feedback.log.debug("[catalog] no more helper connections: %s", exc)
            break
        try:
            _begin(helper)  # the implicit BEGIN comes first, then the snapshot
            helper.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))
            configure(helper, opts)
        except psycopg.Error as exc:
            feedback.log.debug("[catalog] a helper cannot join the snapshot: %s", exc)
            helper.close()
            break
        out.append(helper)
    return out


# The slowest queries first, so that they start at once on their own connections.
ORDER = ("indexes", "columns", "constraints", "policies", "views", "tables", "triggers",
         "functions", "composites", "domains", "enums", "sequences", "collations", "schemas",
         "extensions")


class _Readers:
    """Runs every catalog query once, spread over connections in one snapshot; ``rows(kind)``
    waits for one query's rows. A connection is only ever used by one thread."""

    def __init__(self, conns: list[psycopg.Connection], params: dict[str, Any]) -> None:
        self.conns = conns
        self.params = params
        self.results: dict[str, Future[list[tuple]]] = {}
        self.pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> _Readers:
        if len(self.conns) == 1:
            return self
        self.pool = ThreadPoolExecutor(len(self.conns), thread_name_prefix="catalog")
        pending: Queue[str] = Queue()
        for kind in ORDER:
            self.results[kind] = Future()
            pending.put(kind)
        for conn in self.conns:
            self.pool.submit(self._drain, conn, pending)
        return self

    def _drain(self, conn: psycopg.Connection, pending: Queue[str]) -> None:
        while True:
            try:
                kind = pending.get_nowait()
            except Empty:
                return
            future = self.results[kind]
            try:
                future.set_result(_fetch(conn, kind, self.params, quiet=True))
            except BaseException as exc:  # noqa: BLE001 - handed to the thread that waits
                future.set_exception(exc)
                while True:  # this connection's transaction is aborted: fail the rest
                    try:
                        self.results[pending.get_nowait()].set_exception(exc)
                    except Empty:
                        return

    def completed(self) -> Iterator[tuple[str, list[tuple]]]:
        """``(kind, rows)`` for every query, in the order the queries finish."""
        if self.pool is None:
            for kind in ORDER:
                yield kind, _fetch(self.conns[0], kind, self.params)
            return
        by_future = {future: kind for kind, future in self.results.items()}
        for future in as_completed(by_future):
            kind = by_future[future]
            feedback.progress(f"read {kind} ...")
            yield kind, future.result()
            del self.results[kind]  # the rows go with the objects built from them

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def dump_dsn(dsn: str, options: DumpOptions | None = None) -> m.Catalog:
    """Connect to ``dsn``, dump (on up to ``options.jobs`` connections), disconnect."""
    from schemaparity.source import connect

    with connect(dsn) as conn:
        return dump(conn, options, lambda: connect(dsn))


def _read(conn: psycopg.Connection, opts: DumpOptions, readers: _Readers) -> m.Catalog:
    version = conn.execute(
        "SELECT current_setting('server_version_num')::int / 10000"
    ).fetchone()[0]
    build = _Builders(opts, version)
    kinds: dict[str, Any] = {}
    waiting: list[tuple] | None = None  # the tables' rows, when they come before the columns
    for kind, rows in readers.completed():
        if kind == "tables" and build.by_table is None:
            waiting = rows
            continue
        getattr(build, kind)(rows, kinds)
        del rows  # the rows of a large kind need not outlive its objects
        if kind == "columns" and waiting is not None:
            build.tables(waiting, kinds)
            waiting = None
    tables = kinds["tables"]
    kinds["version_tables"] = _version_tables(conn, tables, opts)
    if opts.row_counts == "estimate":
        kinds["row_counts"] = build.estimates
        kinds["row_count_mode"] = "estimate"
    elif opts.row_counts == "exact":
        kinds["row_counts"] = _exact_counts(conn, tables)
        kinds["row_count_mode"] = "exact"
    return m.Catalog.build(version, **kinds)


class _Builders:
    """Model objects from each query's rows; one method per query, named after it."""

    def __init__(self, opts: DumpOptions, version: int) -> None:
        self.opts = opts
        self.version = version
        self.by_table: dict[tuple[str, str], list[m.Column]] | None = None  # columns
        self.estimates: dict[str, int | None] = {}

    def extensions(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        kinds["extensions"] = [
            m.Extension(name=r[0], version=r[1], schema=r[2], comment=r[3]) for r in rows]

    def schemas(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        opts = self.opts
        kinds["schemas"] = [
            m.Schema(name=r[0], comment=r[1], owner=_owner(r[2], opts), acl=_acl(r[3], opts))
            for r in rows]

    def enums(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        opts = self.opts
        kinds["enums"] = [
            m.Enum(schema=r[0], name=r[1], labels=tuple(r[2]), comment=r[3],
                   owner=_owner(r[4], opts), acl=_acl(r[5], opts))
            for r in rows]

    def domains(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        opts = self.opts
        kinds["domains"] = [
            m.Domain(schema=r[0], name=r[1], base_type=r[2], not_null=r[3], default=r[4],
                     collation=r[5], checks=tuple((c[0], c[1]) for c in r[6]), comment=r[7],
                     owner=_owner(r[8], opts), acl=_acl(r[9], opts))
            for r in rows]

    def composites(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        opts = self.opts
        kinds["composites"] = [
            m.CompositeType(schema=r[0], name=r[1],
                            attributes=tuple((a[0], a[1], a[2]) for a in r[2]), comment=r[3],
                            owner=_owner(r[4], opts), acl=_acl(r[5], opts))
            for r in rows]

    def collations(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        kinds["collations"] = [_collation(r, self.opts) for r in rows]

    def sequences(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        opts = self.opts
        kinds["sequences"] = [
            m.Sequence(schema=r[0], name=r[1], data_type=r[2], start=r[3], increment=r[4],
                       min_value=r[5], max_value=r[6], cache=r[7], cycle=r[8], owned_by=r[9],
                       comment=r[10], owner=_owner(r[11], opts), acl=_acl(r[12], opts))
            for r in rows]

    def columns(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        columns: dict[tuple[str, str], list[m.Column]] = defaultdict(list)
        opts = self.opts
        for r in rows:
            columns[(r[0], r[1])].append(_column(r, opts))
        for cols in columns.values():
            cols.sort(key=_position)  # usually in order already: a linear pass
        self.by_table = columns

    def tables(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        opts, columns = self.opts, self.by_table or {}
        tables = []
        for r in rows:
            t = m.Table(
                schema=r[0], name=r[1], kind="partitioned" if r[2] == "p" else "table",
                columns=tuple(columns.get((r[0], r[1]), ())), partition_key=r[3],
                partition_of=r[4], partition_bound=r[5], inherits=tuple(r[6]), unlogged=r[7],
                rls_enabled=r[8], rls_forced=r[9], reloptions=tuple(sorted(r[10])),
                comment=r[11], owner=_owner(r[12], opts), acl=_acl(r[13], opts),
            )
            tables.append(t)
            self.estimates[t.key] = r[14] if r[14] is not None and r[14] >= 0 else None
        kinds["tables"] = tables

    def constraints(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        kinds["constraints"] = [_constraint(r) for r in rows]

    def indexes(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        kinds["indexes"] = [
            m.Index(schema=r[0], table=r[1], name=r[2], definition=r[3], method=r[4],
                    unique=r[5], primary=r[6], keys=tuple(r[7]), include=tuple(r[8]),
                    predicate=r[9], nulls_not_distinct=bool(r[10]), constraint=r[11],
                    comment=r[12])
            for r in rows]

    def views(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        opts = self.opts
        # PostgreSQL 16 stopped qualifying columns of single-relation queries; render older
        # servers' view text the same way so that one schema dumps alike on every version.
        viewdef = unqualify_single_relation if self.version < 16 else str
        kinds["views"] = [
            m.View(schema=r[0], name=r[1], definition=viewdef(r[2]), materialized=r[3],
                   options=tuple(sorted(r[4])), columns=tuple((c[0], c[1]) for c in r[5]),
                   comment=r[6], owner=_owner(r[7], opts), acl=_acl(r[8], opts))
            for r in rows]

    def functions(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        kinds["functions"] = [_function(r, self.opts) for r in rows]

    def triggers(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        kinds["triggers"] = [_trigger(r) for r in rows]

    def policies(self, rows: list[tuple], kinds: dict[str, Any]) -> None:
        kinds["policies"] = [
            m.Policy(schema=r[0], table=r[1], name=r[2], command=POLCMD[r[3]],
                     permissive=r[4], roles=tuple(r[5]), using=r[6], with_check=r[7],
                     comment=r[8])
            for r in rows]


def _position(column: m.Column) -> int:
    return column.position


def _collation(r: tuple, opts: DumpOptions) -> m.Collation:
    row = r[2]
    locale = row.get("colllocale") or row.get("colliculocale")
    return m.Collation(
        schema=r[0], name=r[1], provider=COLLPROVIDER.get(row["collprovider"], "libc"),
        locale=locale, lc_collate=row.get("collcollate"), lc_ctype=row.get("collctype"),
        deterministic=bool(row.get("collisdeterministic", True)), comment=r[3],
        owner=_owner(r[4], opts),
    )


def _column(r: tuple, opts: DumpOptions) -> m.Column:
    ident = r[7] or None
    options = None
    if ident and r[8]:
        start, inc, lo, hi, cache_, cycle = r[8]
        options = (f"start={start} increment={inc} min={lo} max={hi} cache={cache_} "
                   f"cycle={'true' if cycle else 'false'}")
    return m.Column(
        name=r[2], position=int(r[3]), type=r[4], not_null=r[5], default=r[6],
        identity=IDENTITY.get(ident) if ident else None, identity_options=options,
        generated=r[9], generated_kind=GENERATED.get(r[10]) if r[10] else None,
        collation=r[11], comment=r[12], acl=_acl(r[13], opts) if r[13] else None,
    )


def _constraint(r: tuple) -> m.Constraint:
    is_fk = r[3] == "f"
    return m.Constraint(
        schema=r[0], table=r[1], name=r[2], type=CONTYPES[r[3]], definition=r[4],
        columns=tuple(r[5]), ref_table=r[6], ref_columns=tuple(r[7]),
        match=FK_MATCH.get(r[8]) if is_fk else None,
        on_update=FK_ACTIONS.get(r[9]) if is_fk else None,
        on_delete=FK_ACTIONS.get(r[10]) if is_fk else None,
        deferrable=r[11], deferred=r[12], validated=r[13], nulls_not_distinct=r[14],
        index=r[15], comment=r[16],
    )


def _function(r: tuple, opts: DumpOptions) -> m.Function:
    body = r[13]
    if r[14] is not None:
        agg = r[14]
        # an aggregate's parts, as canonical JSON: {"initcond": ..., "sfunc": ..., ...}
        body = json.dumps({k: agg[k] for k in sorted(agg) if agg[k] is not None},
                          sort_keys=True, ensure_ascii=False)
    return m.Function(
        schema=r[0], name=r[1], identity_args=r[2].replace(", ", ","), kind=PROKIND[r[3]],
        arguments=r[4], result=r[5], language=r[6], volatility=VOLATILITY[r[7]], strict=r[8],
        security_definer=r[9], leakproof=r[10], parallel=PARALLEL[r[11]],
        settings=tuple(r[12]), body=body or "", comment=r[15], owner=_owner(r[16], opts),
        acl=_acl(r[17], opts),
    )


def _trigger(r: tuple) -> m.Trigger:
    tgtype = r[3]
    timing = "instead of" if tgtype & 64 else ("before" if tgtype & 2 else "after")
    events = []
    if tgtype & 4:
        events.append("insert")
    if tgtype & 16:
        events.append("update of " + ", ".join(r[4]) if r[4] else "update")
    if tgtype & 8:
        events.append("delete")
    if tgtype & 32:
        events.append("truncate")
    definition = r[6]
    when = None
    start = definition.find(" WHEN (")
    end = definition.rfind(") EXECUTE ")
    if start != -1 and end > start:
        when = definition[start + len(" WHEN ("):end]
    return m.Trigger(
        schema=r[0], table=r[1], name=r[2], timing=timing, events=tuple(events),
        level="row" if tgtype & 1 else "statement", function=r[5], definition=definition,
        when=when, enabled=TGENABLED.get(r[7], r[7]), constraint=r[8], deferrable=r[9],
        deferred=r[10], comment=r[11],
    )


def _version_tables(
    conn: psycopg.Connection, tables: list[m.Table], opts: DumpOptions
) -> list[m.VersionTable]:
    out = []
    for t in tables:
        if not any(fnmatch.fnmatchcase(t.name, p) for p in opts.version_tables):
            continue
        cols = [c.name for c in t.columns]
        stmt = sql.SQL("SELECT {} FROM {}").format(
            sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(c)) for c in cols),
            qualified(t.schema, t.name),
        )
        rows = conn.execute(stmt).fetchall()
        key = lambda row: tuple((v is None, v or "") for v in row)  # noqa: E731
        out.append(m.VersionTable(schema=t.schema, name=t.name, columns=tuple(cols),
                                  rows=tuple(sorted((tuple(r) for r in rows), key=key))))
    return out


def _exact_counts(conn: psycopg.Connection, tables: list[m.Table]) -> dict[str, int | None]:
    """Exact row counts, 500 tables per statement (a UNION ALL of count(*) each)."""
    counts: dict[str, int | None] = {}
    for i in range(0, len(tables), 500):
        chunk = tables[i:i + 500]
        parts = [
            sql.SQL("SELECT {}::int, count(*) FROM ONLY {}").format(
                sql.Literal(j), qualified(t.schema, t.name))
            for j, t in enumerate(chunk)
        ]
        for j, n in conn.execute(sql.SQL(" UNION ALL ").join(parts)).fetchall():
            counts[chunk[j].key] = n
    return counts
