"""Two live databases compared at the speed of one: both read at the same time.

``schemaparity diff DSN DSN`` spends nearly all of its time waiting for two servers to answer
the catalog queries. The right side is read by a second thread while this one reads the left
(each side on its own connections, each in its own snapshot; the driver waits for the server
without holding the interpreter), and neither builds objects from its rows directly: each
hands over its catalog rows per object (``catalog.dump_raw``; equal rows make equal objects)
to one :class:`_Pair`, which compares an object's rows as soon as both sides have it: equal
ones are let go at once, differing ones built at once (only the differing columns of a
table on both sides), while the servers are still answering; an object seen on one side so
far waits for the other, and is built once both sides are read. Rows are compared as the
driver gives them, not serialized first (marshalling each object's rows cost ~0.5 s of
client CPU at 10,000 tables).
"""

from __future__ import annotations

import threading
from functools import partial

from schemaparity import gcpolicy
from schemaparity import model as m
from schemaparity.catalog import DumpOptions
from schemaparity.catalog.build import QUERY_KINDS, Builders, Rebuilder
from schemaparity.catalog.read import RawDump, RawSink, dump_raw, raw_catalog
from schemaparity.errors import SchemaParityError, SourceError
from schemaparity.source import describe, read_live

# Each side's rows without the dependency edges: ``depends`` is planning data the differ
# leaves out (and a live pair is never planned from), and resolving the edges was a third of
# the server's work (EE vs OSS at 2,000 tables: 0.35 of 1.05 s CPU a side).
_READ = partial(dump_raw, depends=False)


def live_pair(left: str, right: str, options: DumpOptions | None = None
              ) -> tuple[m.Catalog, m.Catalog]:
    """Two live databases as two catalogs of only the objects that differ between them
    (enough for the differ, which compares matched keys only)."""
    options = options or DumpOptions()
    pair = _Pair(options)
    theirs: list[RawDump | BaseException] = []
    # no cyclic collection while both sides are read and their differing objects built: the
    # driver's row tuples, the parked rows and the objects are millions of allocations and
    # no cycles, which young collections kept scanning (0.2 s of client CPU at 10,000 tables)
    with gcpolicy.paused():
        helper = threading.Thread(target=_read_right,
                                  args=(right, options, pair.right, theirs),
                                  name="right side", daemon=True)
        helper.start()
        # an error on the left is raised at once: the right side's thread is not waited for
        # (it closes its connections when its read ends, or ends with the process)
        mine = read_live(left, options, partial(_READ, sink=pair.left))
        helper.join()
        other = theirs[0]
        if isinstance(other, BaseException):
            raise other
        return pair.finish(mine, other)


def _read_right(source: str, options: DumpOptions, sink: RawSink,
                out: list[RawDump | BaseException]) -> None:
    """(The second thread.) Read ``source`` as rows; an error is kept for the caller, as
    the usual one-line error."""
    try:
        out.append(read_live(source, options, partial(_READ, sink=sink)))
    except SchemaParityError as exc:
        out.append(exc)
    except BaseException as exc:  # noqa: BLE001 - raised in the calling thread
        out.append(SourceError(f"reading {describe(source)} failed: "
                               f"{type(exc).__name__}: {exc}"))


class _Side(RawSink):
    """One side's rows, handed to the pair as they come; the objects that differ from the
    other side's are built at once (:class:`Rebuilder`), while both sides are still read."""

    def __init__(self, pair: _Pair, side: int) -> None:
        super().__init__()
        self.pair, self.side = pair, side
        self.built: Rebuilder | None = None

    def bind(self, build: Builders) -> None:
        super().bind(build)
        self.built = Rebuilder(self.pair.options, build.version)

    def keep(self, attr: str, objects: list[tuple[str, tuple]]) -> None:
        self.pair.match(self.side, attr, objects)

    def done(self, query: str) -> None:
        self.pair.done(self.side, query)

    def build(self, kind: str, items: list[tuple]) -> None:
        assert self.built is not None  # bound before its first rows
        self.built.add(kind, items, self.names())


class _Pair:
    """Both sides' rows, compared object by object as soon as both sides have one.

    Rows are the driver's tuples, compared as they are: both sides run the same queries,
    so a column holds the same type on both, and equal tuples build equal objects. Views
    are kept whole until both sides are read: a view's text is rewritten for servers
    before 16, so across major versions every view goes to the differ."""

    def __init__(self, options: DumpOptions) -> None:
        self.options = options
        self.lock = threading.Lock()
        self.left, self.right = _Side(self, 0), _Side(self, 1)
        self.sides = (self.left, self.right)
        # per side and kind, the objects the other side has not handed over yet
        self.waiting: tuple[dict[str, dict[str, tuple]], ...] = ({}, {})
        self.columns: tuple[int, int] | None = None  # a column row's name and position
        self.queries: tuple[set[str], ...] = (set(), set())  # per side, the queries read
        self.complete: tuple[set[str], ...] = (set(), set())  # per side, the kinds read

    def done(self, side: int, query: str) -> None:
        """``side`` has handed over every object of a kind: what the other side has of
        that kind and this side lacks is known now; it is built at once, and so is what
        the other side hands over of it from now on."""
        with self.lock:
            read = self.queries[side]
            read.add(query)
            kind = QUERY_KINDS[query].attr
            if query in ("tables", "columns"):  # a table is handed over with its columns
                kind = "tables" if {"tables", "columns"} <= read else None
            if kind is None or kind == "views":
                return
            self.complete[side].add(kind)
            theirs = self.waiting[1 - side].pop(kind, {})
            if theirs:
                self.sides[1 - side].build(kind, list(theirs.values()))

    def match(self, side: int, kind: str, objects: list[tuple[str, tuple]]) -> None:
        mine, theirs = self.sides[side], self.sides[1 - side]
        if kind == "views":
            mine.objects[kind].update(objects)
            return
        with self.lock:
            waiting = self.waiting[1 - side].setdefault(kind, {})
            parked = self.waiting[side].setdefault(kind, {})
            at = None
            if kind == "tables":
                at = self.columns = self.columns or _column_fields(self.left, self.right)
            differ_mine: list[tuple] = []
            differ_theirs: list[tuple] = []
            alone = kind in self.complete[1 - side]  # what is not there now never will be
            for key, rows in objects:
                other = waiting.pop(key, None)
                if other is None:
                    if alone:
                        differ_mine.append(rows)
                    else:
                        parked[key] = rows
                elif other != rows:
                    if at is not None:
                        rows, other = _changed_columns_only(rows, other, *at)
                    differ_mine.append(rows)
                    differ_theirs.append(other)
            if differ_mine:
                mine.build(kind, differ_mine)
            if differ_theirs:
                theirs.build(kind, differ_theirs)

    def finish(self, left: RawDump, right: RawDump) -> tuple[m.Catalog, m.Catalog]:
        """Both catalogs, once both sides are read: the objects one side only has (still
        waiting) and the views that differ join the differing objects already built."""
        if left.server_version == right.server_version:
            mine, theirs = left.objects["views"], right.objects["views"]
            for key in [k for k, rows in mine.items() if theirs.get(k) == rows]:
                del mine[key], theirs[key]
        out = []
        for side, waiting, dump in zip(self.sides, self.waiting, (left, right), strict=True):
            for kind, objects in waiting.items():
                side.build(kind, list(objects.values()))
            side.build("views", list(dump.objects["views"].values()))
            waiting.clear()
            assert side.built is not None
            out.append(raw_catalog(dump, side.built.finish()))
        return out[0], out[1]


def _column_fields(left: RawSink, right: RawSink) -> tuple[int, int] | None:
    """Where a column row holds its name and position, when both sides' columns query
    says the same (else tables are compared whole)."""
    mine, theirs = left.names().get("columns"), right.names().get("columns")
    if mine is None or mine != theirs:
        return None
    return mine.index("name"), mine.index("position")


def _changed_columns_only(mine: tuple, theirs: tuple, name: int, position: int
                          ) -> tuple[tuple, tuple]:
    """A table on both sides whose rows differ keeps only the columns that differ (or are
    on one side only), when every column on both sides has the same position: the differ
    reports nothing about equal columns then, and their relative order is the same (the
    editions case: one column added to each of 10,000 tables, 110,000 equal columns built
    for nothing). A moved column keeps the whole table, for the column order."""
    (row_a, cols_a), (row_b, cols_b) = mine, theirs
    shorter = min(len(cols_a), len(cols_b))
    if cols_a[:shorter] == cols_b[:shorter]:  # columns added at the end only (editions)
        return (row_a, cols_a[shorter:]), (row_b, cols_b[shorter:])
    by_a = {c[name]: c for c in cols_a}
    by_b = {c[name]: c for c in cols_b}
    if any(c[position] != by_b[n][position] for n, c in by_a.items() if n in by_b):
        return mine, theirs
    return ((row_a, tuple(c for c in cols_a if by_b.get(c[name]) != c)),
            (row_b, tuple(c for c in cols_b if by_a.get(c[name]) != c)))
