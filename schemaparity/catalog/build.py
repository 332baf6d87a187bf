"""Model objects from the catalog queries' rows, kind by kind, a chunk of rows at a time.

Each query's rows come in chunks (:mod:`schemaparity.catalog.snapshot`); :class:`Builders`
turns each chunk into objects and hands them to a sink at once, so a large kind is never
held as rows and objects both. A table needs its row (``tables``) and all of its columns
(``columns``, which come grouped by table): it is handed over as soon as it has both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from schemaparity import model as m
from schemaparity.catalog.options import DumpOptions
from schemaparity.sqltext import unqualify_single_relation

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


def _acl(value: list[str] | None, opts: DumpOptions) -> tuple[str, ...] | None:
    if not opts.privileges:
        return None
    return tuple(sorted(value or ()))


def _owner(value: str | None, opts: DumpOptions) -> str | None:
    return value if opts.owners else None

Sink = Callable[[str, list[Any]], None]  # (Catalog attribute, objects of that kind)
TableKey = tuple[str, str]


# How many leading fields of a query's row name its object (raw mode): unique per kind.
KEY_FIELDS = {"extensions": 1, "schemas": 1, "enums": 2, "domains": 2, "composites": 2,
              "collations": 2, "sequences": 2, "tables": 2, "constraints": 3, "indexes": 3,
              "views": 2, "functions": 3, "triggers": 3, "policies": 3}


# Row fields that only count when asked for (--owners, --privileges) or that are not part of
# the object (a table's row estimate): raw mode blanks them, so that they cannot make two
# equal objects look different. The converters below read the same positions.
OWNER_FIELD = {"schemas": 2, "enums": 4, "domains": 8, "composites": 4, "collations": 4,
               "sequences": 11, "tables": 12, "views": 7, "functions": 16}
ACL_FIELD = {"schemas": 3, "enums": 5, "domains": 9, "composites": 5, "sequences": 12,
             "tables": 13, "views": 8, "functions": 17, "columns": 13}
ESTIMATE_FIELD = {"tables": 14}


def _blanks(opts: DumpOptions) -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for kind, at in ESTIMATE_FIELD.items():
        out.setdefault(kind, []).append(at)
    if not opts.owners:
        for kind, at in OWNER_FIELD.items():
            out.setdefault(kind, []).append(at)
    if not opts.privileges:
        for kind, at in ACL_FIELD.items():
            out.setdefault(kind, []).append(at)
    return {kind: tuple(sorted(ats)) for kind, ats in out.items()}


def _blanked(row: tuple, fields: tuple[int, ...]) -> tuple:
    values = list(row)
    for at in fields:
        values[at] = None
    return tuple(values)


class Builders:
    """Objects from chunks of rows, per query; ``sink(attr, objects)`` receives them.

    ``raw``: build nothing; the sink receives ``(key, rows)`` pairs instead (the key: the
    row's leading fields joined by NUL, which no name holds), a table's rows being
    ``(table row, column rows)``. Equal rows make equal objects, so two dumps
    can be compared on rows and only the differing objects built (:func:`rebuild`)."""

    def __init__(self, opts: DumpOptions, version: int, sink: Sink, raw: bool = False) -> None:
        self.opts = opts
        self.version = version
        self.sink = sink
        self.raw = raw
        self.blanks = _blanks(opts) if raw else {}
        self.table_rows: dict[TableKey, tuple] = {}
        self.columns: dict[TableKey, list[m.Column]] = {}
        self.complete: set[TableKey] = set()  # tables whose columns have all arrived
        self.open_group: TableKey | None = None  # columns of this table may continue
        self.columns_done = False
        # every table handed over: (schema, name, column names), for version tables and counts
        self.tables: list[tuple[str, str, tuple[str, ...]]] = []
        self.estimates: dict[str, int | None] = {}

    def add(self, kind: str, rows: list[tuple]) -> None:
        if kind == "tables":
            for r in rows:
                self.table_rows[(r[0], r[1])] = r
            self._hand_over_tables()
        elif kind == "columns":
            self._column_rows(rows)
        elif self.raw:
            n, blank = KEY_FIELDS[kind], self.blanks.get(kind)
            self.sink(kind, [("\0".join(r[:n]), _blanked(r, blank) if blank else r)
                             for r in rows])
        else:
            self.sink(kind, getattr(self, kind)(rows))

    def finish(self, kind: str) -> None:
        if kind == "columns":
            self.columns_done = True
            if self.open_group is not None:
                self.complete.add(self.open_group)
                self.open_group = None
            self._hand_over_tables()

    def _column_rows(self, rows: list[tuple]) -> None:
        opts, columns, raw = self.opts, self.columns, self.raw
        blank = self.blanks.get("columns")
        group = self.open_group
        current = columns.get(group) if group is not None else None
        for r in rows:
            key = (r[0], r[1])
            if key != group:  # rows come grouped by table: the previous group is complete
                if group is not None:
                    self.complete.add(group)
                group = key
                current = columns.setdefault(key, [])
            if raw:
                current.append(_blanked(r, blank) if blank else r)  # type: ignore[union-attr]
            else:
                current.append(_column(r, opts))  # type: ignore[union-attr]
        self.open_group = group
        self._hand_over_tables()

    def _hand_over_tables(self) -> None:
        if self.columns_done:
            ready = list(self.table_rows)  # tables without columns too
        else:
            ready = [k for k in self.complete if k in self.table_rows]
        if not ready:
            return
        out: list[Any] = []
        for key in ready:
            cols = self.columns.pop(key, [])
            self.complete.discard(key)
            row = self.table_rows.pop(key)
            if self.raw:  # column rows in attnum order, as they came
                self.tables.append((row[0], row[1], tuple(c[2] for c in cols)))
                self._estimate(row)
                out.append(("\0".join(key), (_blanked(row, self.blanks["tables"]),
                                                tuple(cols))))
                continue
            cols.sort(key=_position)  # in order already: a linear pass
            out.append(self._table(row, tuple(cols)))
        self.sink("tables", out)

    def _estimate(self, r: tuple) -> None:
        self.estimates[f"table:{r[0]}.{r[1]}"] = (
            r[14] if r[14] is not None and r[14] >= 0 else None)

    def _table(self, r: tuple, columns: tuple[m.Column, ...]) -> m.Table:
        opts = self.opts
        t = m.Table(
            schema=r[0], name=r[1], kind="partitioned" if r[2] == "p" else "table",
            columns=columns, partition_key=r[3], partition_of=r[4], partition_bound=r[5],
            inherits=tuple(r[6]), unlogged=r[7], rls_enabled=r[8], rls_forced=r[9],
            reloptions=tuple(sorted(r[10])), comment=r[11], owner=_owner(r[12], opts),
            acl=_acl(r[13], opts),
        )
        self.tables.append((t.schema, t.name, tuple(c.name for c in columns)))
        self._estimate(r)
        return t

    def extensions(self, rows: list[tuple]) -> list[m.Extension]:
        return [m.Extension(name=r[0], version=r[1], schema=r[2], comment=r[3]) for r in rows]

    def schemas(self, rows: list[tuple]) -> list[m.Schema]:
        opts = self.opts
        return [m.Schema(name=r[0], comment=r[1], owner=_owner(r[2], opts),
                         acl=_acl(r[3], opts)) for r in rows]

    def enums(self, rows: list[tuple]) -> list[m.Enum]:
        opts = self.opts
        return [m.Enum(schema=r[0], name=r[1], labels=tuple(r[2]), comment=r[3],
                       owner=_owner(r[4], opts), acl=_acl(r[5], opts)) for r in rows]

    def domains(self, rows: list[tuple]) -> list[m.Domain]:
        opts = self.opts
        return [m.Domain(schema=r[0], name=r[1], base_type=r[2], not_null=r[3], default=r[4],
                         collation=r[5], checks=tuple((c[0], c[1]) for c in r[6]),
                         comment=r[7], owner=_owner(r[8], opts), acl=_acl(r[9], opts))
                for r in rows]

    def composites(self, rows: list[tuple]) -> list[m.CompositeType]:
        opts = self.opts
        return [m.CompositeType(schema=r[0], name=r[1],
                                attributes=tuple((a[0], a[1], a[2]) for a in r[2]),
                                comment=r[3], owner=_owner(r[4], opts), acl=_acl(r[5], opts))
                for r in rows]

    def collations(self, rows: list[tuple]) -> list[m.Collation]:
        return [_collation(r, self.opts) for r in rows]

    def sequences(self, rows: list[tuple]) -> list[m.Sequence]:
        opts = self.opts
        return [m.Sequence(schema=r[0], name=r[1], data_type=r[2], start=r[3], increment=r[4],
                           min_value=r[5], max_value=r[6], cache=r[7], cycle=r[8],
                           owned_by=r[9], comment=r[10], owner=_owner(r[11], opts),
                           acl=_acl(r[12], opts)) for r in rows]

    def constraints(self, rows: list[tuple]) -> list[m.Constraint]:
        return [_constraint(r) for r in rows]

    def indexes(self, rows: list[tuple]) -> list[m.Index]:
        return [m.Index(schema=r[0], table=r[1], name=r[2], definition=r[3], method=r[4],
                        unique=r[5], primary=r[6], keys=tuple(r[7]), include=tuple(r[8]),
                        predicate=r[9], nulls_not_distinct=bool(r[10]), constraint=r[11],
                        comment=r[12]) for r in rows]

    def views(self, rows: list[tuple]) -> list[m.View]:
        opts = self.opts
        # PostgreSQL 16 stopped qualifying columns of single-relation queries; render older
        # servers' view text the same way so that one schema dumps alike on every version.
        viewdef = unqualify_single_relation if self.version < 16 else str
        return [m.View(schema=r[0], name=r[1], definition=viewdef(r[2]), materialized=r[3],
                       options=tuple(sorted(r[4])),
                       columns=tuple((c[0], c[1]) for c in r[5]), comment=r[6],
                       owner=_owner(r[7], opts), acl=_acl(r[8], opts)) for r in rows]

    def functions(self, rows: list[tuple]) -> list[m.Function]:
        return [_function(r, self.opts) for r in rows]

    def triggers(self, rows: list[tuple]) -> list[m.Trigger]:
        return [_trigger(r) for r in rows]

    def policies(self, rows: list[tuple]) -> list[m.Policy]:
        return [m.Policy(schema=r[0], table=r[1], name=r[2], command=POLCMD[r[3]],
                         permissive=r[4], roles=tuple(r[5]), using=r[6], with_check=r[7],
                         comment=r[8]) for r in rows]


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


def rebuild(opts: DumpOptions, version: int, rows: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Objects from rows kept in raw mode (``{kind: [rows, ...]}``, a table's being
    ``(table row, column rows)``): the same objects a full dump builds from them."""
    kinds: dict[str, list[Any]] = {attr: [] for attr, _ in m.KINDS}
    build = Builders(opts, version, lambda attr, objs: kinds[attr].extend(objs))
    for kind, items in rows.items():
        if kind == "tables":
            build.add("tables", [t for t, _cols in items])
            build.add("columns", [c for _t, cols in items for c in cols])
        else:
            build.add(kind, list(items))
    build.finish("columns")
    return kinds
