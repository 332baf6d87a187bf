"""Two live databases compared at the speed of one: both read at the same time.

``schemaparity diff DSN DSN`` spends nearly all of its time waiting for two servers to answer
the catalog queries. The right side is read by a second thread while this one reads the left
(each side on its own connections, each in its own snapshot; the driver waits for the server
without holding the interpreter), and neither builds objects at first: each hands over its
catalog rows per object (``catalog.dump_raw``; equal rows make equal objects) to one
:class:`_Pair`, which compares an object's rows as soon as both sides have it and lets equal
ones go at once; an object seen on one side so far waits for the other. Then, kind by kind,
only the objects whose rows differ (or that one side lacks) get built, for the differ. Rows
are compared as the driver gives them, not serialized first (marshalling each object's rows
cost ~0.5 s of client CPU at 10,000 tables), and a table on both sides keeps only its
differing columns from the moment it is compared.
"""

from __future__ import annotations

import threading
from functools import partial

from schemaparity import model as m
from schemaparity.catalog import DumpOptions
from schemaparity.catalog.read import RawDump, RawSink, dump_raw, rebuild_catalog
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
    pair = _Pair()
    theirs: list[RawDump | BaseException] = []
    helper = threading.Thread(target=_read_right, args=(right, options, pair.right, theirs),
                              name="right side", daemon=True)
    helper.start()
    # an error on the left is raised at once: the right side's thread is not waited for (it
    # closes its connections when its read ends, or ends with the process)
    mine = read_live(left, options, partial(_READ, sink=pair.left))
    helper.join()
    other = theirs[0]
    if isinstance(other, BaseException):
        raise other
    keep = pair.finish(mine, other)
    return (rebuild_catalog(mine, keep[0], options, consume=True),
            rebuild_catalog(other, keep[1], options, consume=True))


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
    """One side's rows, handed to the pair as they come; ``objects`` ends up holding the
    objects that differ from the other side's (or that it lacks)."""

    def __init__(self, pair: _Pair, side: int) -> None:
        super().__init__()
        self.pair, self.side = pair, side

    def keep(self, attr: str, objects: list[tuple[str, tuple]]) -> None:
        self.pair.match(self.side, attr, objects)


class _Pair:
    """Both sides' rows, compared object by object as soon as both sides have one.

    Rows are the driver's tuples, compared as they are: both sides run the same queries,
    so a column holds the same type on both, and equal tuples build equal objects. Views
    are kept whole until both sides are read: a view's text is rewritten for servers
    before 16, so across major versions every view goes to the differ."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.left, self.right = _Side(self, 0), _Side(self, 1)
        self.sides = (self.left, self.right)
        # per side and kind, the objects the other side has not handed over yet
        self.waiting: tuple[dict[str, dict[str, tuple]], ...] = ({}, {})
        self.columns: tuple[int, int] | None = None  # a column row's name and position

    def match(self, side: int, kind: str, objects: list[tuple[str, tuple]]) -> None:
        mine, theirs = self.sides[side], self.sides[1 - side]
        if kind == "views":
            mine.objects[kind].update(objects)
            return
        with self.lock:
            waiting = self.waiting[1 - side].setdefault(kind, {})
            parked = self.waiting[side].setdefault(kind, {})
            kept_mine, kept_theirs = mine.objects[kind], theirs.objects[kind]
            at = None
            if kind == "tables":
                at = self.columns = self.columns or _column_fields(self.left, self.right)
            for key, rows in objects:
                other = waiting.pop(key, None)
                if other is None:
                    parked[key] = rows
                elif other != rows:
                    if at is not None:
                        rows, other = _changed_columns_only(rows, other, *at)
                    kept_mine[key], kept_theirs[key] = rows, other

    def finish(self, left: RawDump, right: RawDump) -> tuple[dict[str, list[str]], ...]:
        """Per kind, the keys of each side whose rows the other side lacks or has otherwise
        (the objects one side only has are still waiting: they join the differing ones)."""
        for side, waiting in zip(self.sides, self.waiting, strict=True):
            for kind, objects in waiting.items():
                side.objects[kind].update(objects)
            waiting.clear()
        if left.server_version == right.server_version:
            mine, theirs = left.objects["views"], right.objects["views"]
            for key in [k for k, rows in mine.items() if theirs.get(k) == rows]:
                del mine[key], theirs[key]
        return ({kind: list(objs) for kind, objs in left.objects.items()},
                {kind: list(objs) for kind, objs in right.objects.items()})


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
    by_a = {c[name]: c for c in cols_a}
    by_b = {c[name]: c for c in cols_b}
    if any(c[position] != by_b[n][position] for n, c in by_a.items() if n in by_b):
        return mine, theirs
    return ((row_a, tuple(c for c in cols_a if by_b.get(c[name]) != c)),
            (row_b, tuple(c for c in cols_b if by_a.get(c[name]) != c)))
