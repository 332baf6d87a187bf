"""A dump: the catalog queries in one REPEATABLE READ, READ ONLY snapshot, into the model.

One batched query per object kind (``queries/<kind>.sql``), so a dump costs the same number
of round trips for 10 tables as for 10,000; with a way to open more connections, the
queries run side by side in one exported snapshot (:mod:`.snapshot`). ``search_path`` is
pinned to ``pg_catalog`` so every user type, function and table in deparsed SQL comes out
schema-qualified, whatever the caller's settings.

Two results from one reader: :func:`dump` gives a :class:`~schemaparity.model.Catalog`;
:func:`dump_lines` gives the canonical JSON lines of each object as soon as it is built
and keeps no objects, for a JSON dump or a diff of two live databases at a fraction of the
memory (the bytes are those of ``dumpfile.to_json`` of the catalog, by construction).
"""

from __future__ import annotations

import fnmatch
import io
import marshal
import pickle
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import psycopg
from psycopg import sql

from schemaparity import dumpfile, feedback, gcpolicy
from schemaparity import model as m
from schemaparity.catalog.build import RAW_KINDS, Builders, rebuild
from schemaparity.catalog.options import DumpOptions
from schemaparity.catalog.snapshot import (
    NoExport,
    Readers,
    begin,
    configure,
    open_helpers,
    query,
    settings,
)
from schemaparity.errors import CatalogError
from schemaparity.sqltext import qualified

__all__ = ["DumpOptions", "RawDump", "RawSink", "configure", "dump", "dump_lines", "dump_raw",
           "query", "raw_catalog", "rebuild_catalog", "settings"]

Connect = Callable[[], psycopg.Connection]


class _Sink(Protocol):
    def add(self, attr: str, objects: list[Any]) -> None: ...


class _CatalogSink:
    """Keeps every object, for a Catalog."""

    def __init__(self) -> None:
        self.kinds: dict[str, list[Any]] = {attr: [] for attr, _ in m.KINDS}

    def add(self, attr: str, objects: list[Any]) -> None:
        self.kinds[attr].extend(objects)


class _LinesSink:
    """Keeps each object's canonical JSON line only."""

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, str]] = {attr: {} for attr, _ in m.KINDS}

    def add(self, attr: str, objects: list[Any]) -> None:
        self.objects[attr].update(dumpfile.object_lines(objects))


def dump(conn: psycopg.Connection, options: DumpOptions | None = None,
         connect: Connect | None = None) -> m.Catalog:
    """Read the whole catalog of ``conn``'s database in one read-only snapshot.

    The connection must not be inside a transaction; it is left idle afterwards and nothing
    is written: the transaction is READ ONLY and ends in a rollback. Given ``connect`` (opens
    another connection to the same database) and ``options.jobs`` > 1, the catalog queries
    are spread over that many connections that share ``conn``'s exported snapshot; where the
    server cannot export a snapshot or a connection cannot be opened, fewer connections read.
    """
    sink = _CatalogSink()
    version, extra = _dump(conn, options or DumpOptions(), connect, sink)
    return m.Catalog.build(version, **sink.kinds, **extra)


def dump_lines(conn: psycopg.Connection, options: DumpOptions | None = None,
               connect: Connect | None = None) -> dumpfile.Lines:
    """:func:`dump`, as canonical JSON lines (``dumpfile.assemble`` makes the dump text)."""
    sink = _LinesSink()
    version, extra = _dump(conn, options or DumpOptions(), connect, sink)
    return dumpfile.Lines(server_version=version, objects=sink.objects,
                          row_counts=extra.get("row_counts"),
                          row_count_mode=extra.get("row_count_mode"))


@dataclass
class RawDump:
    """A dump kept as rows (``catalog.build`` raw mode): per kind, each object's rows,
    serialized, under a key made of the columns that name it. For comparing two live
    databases: equal rows make equal objects, so only the differing ones get built."""

    server_version: int
    objects: dict[str, dict[str, bytes | tuple]]  # serialized rows, or rows unpacked again
    version_tables: list[m.VersionTable]
    row_counts: dict[str, int | None] | None = None
    row_count_mode: str | None = None
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # each query's columns

    def rows(self, names: dict[str, list[str]], consume: bool = False
             ) -> Iterator[tuple[str, list[Any]]]:
        """The named objects' rows, kind by kind; ``consume``: each object's serialized rows
        are let go as they are read (the dump keeps no rows of those objects)."""
        for kind, keys in names.items():
            objs = self.objects[kind]
            take = objs.pop if consume else objs.__getitem__
            yield kind, [row_values(take(k)) for k in keys]


class RawSink:
    """Where :func:`dump_raw` puts each object's rows: serialized, under its key
    (:meth:`keep`, which a subclass may do otherwise, e.g. compare them with another
    database's as they come); ``names`` gives the column names of each query read so far."""

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, bytes | tuple]] = {kind: {} for kind in RAW_KINDS}
        self.version_tables: list[m.VersionTable] = []
        self.names: Callable[[], dict[str, tuple[str, ...]]] = dict
        self.version: int | None = None  # the server's major version, once known

    def bind(self, build: Builders) -> None:
        """(The reader, once it knows the server.) Where the query column names come from."""
        self.names, self.version = build.names, build.version

    def add(self, attr: str, objects: list[Any]) -> None:
        if attr == "version_tables":
            self.version_tables.extend(objects)
            return
        self.keep(attr, objects)

    def done(self, query: str) -> None:
        """(The reader.) Every row of ``query`` has been handed over."""

    def keep(self, attr: str, objects: list[tuple[str, tuple]]) -> None:
        out = self.objects[attr]
        for key, rows in objects:
            out[key] = row_bytes(rows)


def row_bytes(rows: Any) -> bytes:
    """Canonical bytes of ``rows``: equal rows give equal bytes, whatever objects they share.

    The live pair compares these bytes by digest, so they must not depend on object identity:
    marshal from version 3 on marks objects referenced twice (and interned strings) differently,
    so two equal rows could differ by whether a string happened to be shared. Version 0 writes
    values only; pickle's fast mode keeps no memo of shared objects either."""
    try:
        return b"m" + marshal.dumps(rows, 0)  # plain rows: fast
    except ValueError:  # a value type marshal does not know
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=5)
        pickler.fast = True  # no memo: a shared object is written again, not referenced
        pickler.dump(rows)
        return b"p" + out.getvalue()


def row_values(data: bytes | tuple) -> Any:
    """The rows ``row_bytes`` serialized (rows a reader already unpacked come back as they are)."""
    if isinstance(data, tuple):
        return data
    return marshal.loads(data[1:]) if data[:1] == b"m" else pickle.loads(data[1:])  # noqa: S301 - our own bytes


def dump_raw(conn: psycopg.Connection, options: DumpOptions | None = None,
             connect: Connect | None = None, depends: bool = True,
             sink: RawSink | None = None) -> RawDump:
    """:func:`dump` as rows, nothing built (see :class:`RawDump`); without ``depends``, no
    object's ``depends`` is read (it stays empty: planning data a diff leaves out);
    ``sink``: where the rows go (a new :class:`RawSink` by default)."""
    opts = options or DumpOptions()
    sink = sink if sink is not None else RawSink()
    version, extra = _dump(conn, opts, connect, sink, raw=True, depends=depends)
    return RawDump(version, sink.objects, sink.version_tables, extra.get("row_counts"),
                   extra.get("row_count_mode"), extra["names"])


def rebuild_catalog(dump: RawDump, names: dict[str, list[str]],
                    options: DumpOptions | None = None, consume: bool = False) -> m.Catalog:
    """A catalog of only the named objects of a raw dump, plus its version tables and
    row counts (what the differ needs of two databases that are mostly equal);
    ``consume``: the dump lets go of those objects' rows as they are built."""
    kinds = rebuild(options or DumpOptions(), dump.server_version,
                    dump.rows(names, consume), dump.names)
    return raw_catalog(dump, kinds)


def raw_catalog(dump: RawDump, kinds: dict[str, list[Any]]) -> m.Catalog:
    """The catalog of objects built from a raw dump's rows, with the dump's version tables
    and row counts."""
    kinds["version_tables"] = list(dump.version_tables)
    extra = ({"row_counts": dump.row_counts, "row_count_mode": dump.row_count_mode}
             if dump.row_counts is not None else {})
    return m.Catalog.build(dump.server_version, **kinds, **extra)


def _dump(conn: psycopg.Connection, opts: DumpOptions, connect: Connect | None,
          sink: _Sink, raw: bool = False, depends: bool = True) -> tuple[int, dict[str, Any]]:
    if connect is not None and opts.jobs > 1:
        try:
            return _snapshot(conn, opts, connect, sink, raw, depends)
        except NoExport as exc:  # a standby or pooler that cannot: read on one connection
            feedback.log.debug("[catalog] reading on one connection: %s", exc)
    return _snapshot(conn, opts, None, sink, raw, depends)


def _snapshot(conn: psycopg.Connection, opts: DumpOptions, connect: Connect | None,
              sink: _Sink, raw: bool, depends: bool = True) -> tuple[int, dict[str, Any]]:
    params = {"include": list(opts.schemas), "exclude": list(opts.exclude_schemas)}
    begin(conn)
    helpers: list[psycopg.Connection] = []
    try:
        with gcpolicy.relaxed(), conn.transaction(force_rollback=True):
            configure(conn, opts)
            if connect is not None:
                helpers = open_helpers(conn, connect, opts)
            with Readers([conn, *helpers], params, depends) as readers:
                result = _read(conn, opts, readers, sink, raw)
            feedback.done()
            return result
    except psycopg.Error as exc:
        diag = getattr(exc, "diag", None)
        detail = (diag.message_primary if diag and diag.message_primary else str(exc))
        raise CatalogError(f"reading the catalog failed: {detail}") from exc
    finally:
        for helper in helpers:
            helper.close()


def _read(conn: psycopg.Connection, opts: DumpOptions, readers: Readers,
          sink: _Sink, raw: bool = False) -> tuple[int, dict[str, Any]]:
    version = conn.execute(
        "SELECT current_setting('server_version_num')::int / 10000"
    ).fetchone()[0]
    build = Builders(opts, version, sink.add, raw)
    if isinstance(sink, RawSink):
        sink.bind(build)
    for kind, chunk in readers.chunks():
        if chunk is None:
            build.finish(kind)
            if isinstance(sink, RawSink):
                sink.done(kind)
        else:
            build.add(kind, *chunk)
    sink.add("version_tables", _version_tables(conn, build.tables, opts))
    extra: dict[str, Any] = {}
    if opts.row_counts == "estimate":
        extra = {"row_counts": dict(sorted(build.estimates.items())),
                 "row_count_mode": "estimate"}
    elif opts.row_counts == "exact":
        extra = {"row_counts": _exact_counts(conn, build.tables), "row_count_mode": "exact"}
    if raw:
        extra["names"] = build.names()
    return version, extra


TableNames = list[tuple[str, str, tuple[str, ...]]]  # (schema, name, column names)


def _version_tables(conn: psycopg.Connection, tables: TableNames,
                    opts: DumpOptions) -> list[m.VersionTable]:
    out = []
    if not opts.version_tables:
        return out
    # one pattern for all (10,000 tables: a fnmatch per table and pattern was 40 ms)
    wanted = re.compile("|".join(fnmatch.translate(p) for p in opts.version_tables))
    for schema, name, cols in sorted(t for t in tables if wanted.match(t[1])):
        stmt = sql.SQL("SELECT {} FROM {}").format(
            sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(c)) for c in cols),
            qualified(schema, name),
        )
        rows = conn.execute(stmt).fetchall()
        key = lambda row: tuple((v is None, v or "") for v in row)  # noqa: E731
        out.append(m.VersionTable(schema=schema, name=name, columns=cols,
                                  rows=tuple(sorted((tuple(r) for r in rows), key=key))))
    return out


def _exact_counts(conn: psycopg.Connection, tables: TableNames) -> dict[str, int | None]:
    """Exact row counts, 500 tables per statement (a UNION ALL of count(*) each)."""
    counts: dict[str, int | None] = {}
    ordered = sorted(tables)
    for i in range(0, len(ordered), 500):
        chunk = ordered[i:i + 500]
        parts = [
            sql.SQL("SELECT {}::int, count(*) FROM ONLY {}").format(
                sql.Literal(j), qualified(schema, name))
            for j, (schema, name, _cols) in enumerate(chunk)
        ]
        for j, n in conn.execute(sql.SQL(" UNION ALL ").join(parts)).fetchall():
            counts[f"table:{chunk[j][0]}.{chunk[j][1]}"] = n
    return dict(sorted(counts.items()))
