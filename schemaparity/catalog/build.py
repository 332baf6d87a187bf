"""Model objects from the catalog queries' rows, kind by kind, a chunk of rows at a time.

Each query's rows come in chunks (:mod:`schemaparity.catalog.snapshot`), with the query's
column names; :class:`Builders` turns each chunk into objects (:mod:`.convert`) and hands
them to a sink at once, so a large kind is never held as rows and objects both. A table
needs its row (``tables``) and all of its columns (``columns``, which come grouped by
table): it is handed over as soon as it has both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any

from schemaparity import model as m
from schemaparity.catalog.convert import CONVERTERS, Fields, columns, table, table_fields
from schemaparity.catalog.options import DumpOptions

Sink = Callable[[str, list[Any]], None]  # (Catalog attribute, objects of that kind)
TableKey = tuple[str, str]

# The kind each catalog query reads, by query name.
QUERY_KINDS: dict[str, m.Kind] = {k.query: k for k in m.REGISTRY if k.query is not None}
# The Catalog kinds read by a query of their own (all but version tables).
RAW_KINDS: tuple[str, ...] = tuple(k.attr for k in m.REGISTRY
                                   if k.query is not None and k.attr is not None)


def _blanks(opts: DumpOptions, f: Fields) -> tuple[int, ...]:
    """Columns that only count when asked for (--owners, --privileges), or that are not
    part of the object (a table's row estimate): raw mode blanks them, so that they cannot
    make two equal objects look different."""
    names = {"reltuples"}
    if not opts.owners:
        names.add("owner")
    if not opts.privileges:
        names.add("acl")
    return tuple(sorted(f.index[n] for n in names if n in f.index))


def _blanked(row: tuple, fields: tuple[int, ...]) -> tuple:
    values = list(row)
    for at in fields:
        values[at] = None
    return tuple(values)


class Builders:
    """Objects from chunks of rows, per query; ``sink(attr, objects)`` receives them.

    ``raw``: build nothing; the sink receives ``(key, rows)`` pairs instead (the key: the
    object's naming columns joined by NUL, which no name holds), a table's rows being
    ``(table row, column rows)``. Equal rows make equal objects, so two dumps
    can be compared on rows and only the differing objects built (:func:`rebuild`)."""

    def __init__(self, opts: DumpOptions, version: int, sink: Sink, raw: bool = False) -> None:
        self.opts = opts
        self.version = version
        self.sink = sink
        self.raw = raw
        self.fields: dict[str, Fields] = {}  # per query, from its first chunk
        self.blanks: dict[str, tuple[int, ...]] = {}  # raw mode: per query
        self.table_rows: dict[TableKey, tuple] = {}
        self.columns: dict[TableKey, list[Any]] = {}
        self.complete: set[TableKey] = set()  # tables whose columns have all arrived
        self.open_group: TableKey | None = None  # columns of this table may continue
        self.columns_done = False
        # every table handed over: (schema, name, column names), for version tables and counts
        self.tables: list[tuple[str, str, tuple[str, ...]]] = []
        self.estimates: dict[str, int | None] = {}

    def names(self) -> dict[str, tuple[str, ...]]:
        """The column names of each query read so far (safe to ask from another thread:
        the items are copied in one step)."""
        return {kind: f.names for kind, f in list(self.fields.items())}

    def _fields(self, kind: str, names: tuple[str, ...]) -> Fields:
        f = self.fields.get(kind)
        if f is None or f.names != names:
            f = self.fields[kind] = Fields(tuple(names))
            self.blanks[kind] = _blanks(self.opts, f)
        return f

    def add(self, kind: str, names: tuple[str, ...], rows: list[tuple]) -> None:
        """One chunk of a query's rows; ``names``: the query's column names."""
        f = self._fields(kind, names)
        if kind == "tables":
            schema, name = f("schema", "name")
            for r in rows:
                self.table_rows[(r[schema], r[name])] = r
            self._hand_over_tables()
        elif kind == "columns":
            self._column_rows(rows, f)
        elif self.raw:
            blank = self.blanks[kind]
            self.sink(kind, list(zip(_keys(rows, f(*QUERY_KINDS[kind].ident)),
                                     [_blanked(r, blank) for r in rows] if blank else rows,
                                     strict=True)))
        else:
            self.sink(kind, CONVERTERS[kind](rows, f, self.opts, self.version))

    def finish(self, kind: str) -> None:
        if kind == "columns":
            self.columns_done = True
            if self.open_group is not None:
                self.complete.add(self.open_group)
                self.open_group = None
            self._hand_over_tables()

    def _column_rows(self, rows: list[tuple], f: Fields) -> None:
        opts, groups, raw = self.opts, self.columns, self.raw
        schema, table_ = f("schema", "table")
        if raw:
            blank = self.blanks["columns"]
            items: list[Any] = [_blanked(r, blank) for r in rows] if blank else rows
        else:
            items = columns(rows, f, opts, self.version)
        group = self.open_group
        current = groups.get(group) if group is not None else None
        for r, item in zip(rows, items, strict=True):
            key = (r[schema], r[table_])
            if key != group:  # rows come grouped by table: the previous group is complete
                if group is not None:
                    self.complete.add(group)
                group = key
                current = groups.setdefault(key, [])
            current.append(item)  # type: ignore[union-attr]
        self.open_group = group
        self._hand_over_tables()

    def _hand_over_tables(self) -> None:
        if self.columns_done:
            ready = list(self.table_rows)  # tables without columns too
        else:
            ready = [k for k in self.complete if k in self.table_rows]
        if not ready:
            return
        f = self.fields["tables"]
        at = table_fields(f)
        (estimate,) = f("reltuples")
        out: list[Any] = []
        for key in ready:
            cols = self.columns.pop(key, [])
            self.complete.discard(key)
            row = self.table_rows.pop(key)
            n = row[estimate]
            self.estimates[f"table:{key[0]}.{key[1]}"] = n if n is not None and n >= 0 else None
            if self.raw:  # column rows in attnum order, as they came
                at_name = self.fields["columns"].index["name"] if cols else 0
                self.tables.append((*key, tuple(c[at_name] for c in cols)))
                out.append(("\0".join(key), (_blanked(row, self.blanks["tables"]),
                                             tuple(cols))))
                continue
            cols.sort(key=_position)  # in order already: a linear pass
            t = table(row, at, tuple(cols), self.opts)
            self.tables.append((t.schema, t.name, tuple(c.name for c in t.columns)))
            out.append(t)
        self.sink("tables", out)


def _keys(rows: list[tuple], at: tuple[int, ...]) -> list[str]:
    """Each row's key: the columns that name its object, joined by NUL."""
    if len(at) == 1:
        return [r[at[0]] for r in rows]
    get = itemgetter(*at)
    return ["\0".join(get(r)) for r in rows]


def _position(column: m.Column) -> int:
    return column.position


class Rebuilder:
    """Objects from rows kept in raw mode, a batch at a time: ``(kind, rows)`` batches, a
    table's rows being ``(table row, column rows)``; ``names``: each query's column names.
    :meth:`finish` gives the objects of every kind, as a full dump builds them."""

    def __init__(self, opts: DumpOptions, version: int) -> None:
        self.kinds: dict[str, list[Any]] = {attr: [] for attr, _ in m.KINDS}
        self.build = Builders(opts, version, self._keep)

    def _keep(self, attr: str, objects: list[Any]) -> None:
        self.kinds[attr].extend(objects)

    def add(self, kind: str, items: list[Any], names: dict[str, tuple[str, ...]]) -> None:
        if not items:
            return
        if kind == "tables":
            column_rows = [c for _t, cols in items for c in cols]
            self.build.add("tables", names["tables"], [t for t, _cols in items])
            if column_rows:
                self.build.add("columns", names["columns"], column_rows)
        else:
            self.build.add(kind, names[kind], list(items))

    def finish(self) -> dict[str, list[Any]]:
        self.build.finish("columns")
        return self.kinds


def rebuild(opts: DumpOptions, version: int, rows: Iterable[tuple[str, list[Any]]],
            names: dict[str, tuple[str, ...]]) -> dict[str, list[Any]]:
    """Objects from rows kept in raw mode (``(kind, [rows, ...])`` pairs, a table's rows
    being ``(table row, column rows)``; ``names``: each query's column names): the same
    objects a full dump builds from them."""
    build = Rebuilder(opts, version)
    for kind, items in rows:
        build.add(kind, items, names)
    return build.finish()
