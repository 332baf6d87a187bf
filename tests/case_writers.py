"""Writers for any case: rows of the tables a plan keeps, inserted and updated while it runs.

A table is written when it is in the source and the target. Its rows are told apart by its
key in the source (its primary key, or a unique key over NOT NULL columns) if the target
keeps it, else by every column both keep with the same type. Its rows come from verify's
seeding (:func:`schemaparity.seed.insert_sql`, plain values, one row a
statement numbered from ``FIRST``) so that they fit the source and the plan must carry them:
a column NOT NULL in the target gets a value, labels are the ones both enums have, a foreign
key of the target picks an existing parent row, a column whose type changes is left to its
default where it may. Updates are no-ops on a row a writer committed (``SET k = k``), which
still take ROW EXCLUSIVE and a row lock. A table whose target may refuse such rows (a CHECK,
an exclusion or a unique key over few values added, a partition bound or a domain changed,
a partition detached: :func:`_risky`) is written in transactions rolled back: the same
locks, no row left behind for the plan to trip on. A version table is the plan's to write:
left alone.

After the plan: no write waited longer than the plan's ``lock_timeout`` plus ``MARGIN`` and
every committed row is in its table, by key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import psycopg
from psycopg import sql

from schemaparity import model as m
from schemaparity.plan.render import Rendered
from schemaparity.plan.steps import Plan
from schemaparity.seed import insert_sql

from .writers import Writers

FIRST = 1  # the writers' rows are numbered from here (the cases' tables start empty)
MARGIN = 1.0  # seconds a write may wait beyond the plan's lock_timeout (scheduling, 2 cores)


@dataclass(frozen=True)
class Target:
    """A table the writers write, as they see it (:func:`_merged`), and the columns that
    tell their rows apart (its key, or else every column both sides keep as it is)."""

    catalog: m.Catalog
    table: m.Table
    key: tuple[str, ...]
    fks: dict[tuple[str, str], m.Constraint]
    probe: str | None = None  # why its rows may not fit the target: written, rolled back

    @property
    def label(self) -> str:
        return f"{self.table.schema}.{self.table.name}"

    def _keys(self) -> sql.Composable:
        return sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(k))
                                  for k in self.key)

    def insert(self, g: int) -> sql.Composed:
        """Seed row ``g``, returning its key as text."""
        text = insert_sql(self.catalog, self.table, 1, self.fks, plain=True, first=g)
        return sql.SQL(text.strip()) + sql.SQL(" RETURNING ") + self._keys()

    def update(self) -> sql.Composed:
        """A no-op update of the row whose key is the parameters."""
        first = sql.Identifier(self.key[0])
        where = sql.SQL(" AND ").join(sql.SQL("{}::text IS NOT DISTINCT FROM %s").format(
            sql.Identifier(k)) for k in self.key)
        return sql.SQL("UPDATE {} SET {} = {} WHERE {}").format(
            sql.Identifier(self.table.schema, self.table.name), first, first, where)

    def select(self) -> sql.Composed:
        return sql.SQL("SELECT {} FROM {}").format(
            self._keys(), sql.Identifier(self.table.schema, self.table.name))


def lock_timeout(plan: Plan) -> float:
    """The plan's ``lock_timeout`` in seconds (``"5s"``, ``"1500ms"``, ``"1min"``)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|min)?\s*", plan.lock_timeout)
    assert match, plan.lock_timeout
    unit = {"ms": 0.001, "s": 1.0, "min": 60.0}[match.group(2) or "ms"]
    return float(match.group(1)) * unit


def _key(catalog: m.Catalog, t: m.Table, other: m.Table) -> tuple[str, ...]:
    """The source's primary key, or a unique key over NOT NULL columns, if the target keeps
    its columns; else the columns both keep with the same type (none generated)."""
    cons = [c for c in catalog.constraints.values() if c.schema == t.schema
            and c.table == t.name and c.type in ("primary key", "unique")]
    for con in sorted(cons, key=lambda c: (c.type != "primary key", c.name)):
        cols = [t.column(name) for name in con.columns]
        if (con.columns and all(c is not None and c.not_null for c in cols)
                and all(other.column(name) is not None for name in con.columns)):
            return con.columns
    kept = [(c, other.column(c.name)) for c in t.columns]
    return tuple(c.name for c, o in kept if o is not None and o.type == c.type
                 and not c.generated and not o.generated)


def _foreign_keys(source: m.Catalog, target: m.Catalog) -> dict[tuple[str, str],
                                                                  m.Constraint]:
    """(table key, column) -> the foreign key that picks its value: the target's, when its
    parent is in the source already, else the source's."""
    out: dict[tuple[str, str], m.Constraint] = {}
    for side, catalog in (("", source), ("target ", target)):
        for con in sorted(catalog.constraints.values(), key=lambda c: c.name, reverse=True):
            parent = source.tables.get(f"table:{con.ref_table}")
            if con.type != "foreign key" or parent is None:
                continue
            if all(parent.column(c) is not None for c in con.ref_columns):
                # insert_sql keys parent rows by constraint name: the target's is another
                con = replace(con, name=side + con.name)
                for col in con.columns:
                    out[(f"table:{con.schema}.{con.table}", col)] = con
    return out


def _merged(source: m.Table, target: m.Table) -> m.Table:
    """The source table as the writers see it: a column NOT NULL on either side is NOT NULL;
    a nullable column whose type changes is left out (to its default)."""
    columns = []
    for col in source.columns:
        other = target.column(col.name)
        if other is None:
            columns.append(col)
        elif other.type != col.type:
            if col.not_null and col.default is None:
                columns.append(col)
        else:
            columns.append(replace(col, not_null=col.not_null or other.not_null))
    return replace(source, columns=tuple(columns))


FEW_VALUES = ("boolean",)  # column types the seed gives few distinct values (and enums)


def _row_rules(catalog: m.Catalog, t: m.Table) -> set[tuple[str, str, tuple[str, ...], bool]]:
    """What a table's rows must satisfy beyond NOT NULL and foreign keys: ``(type,
    definition or predicate, columns, nulls not distinct)`` of each CHECK, exclusion and
    key, and of each unique index."""
    out = {(c.type, c.definition, c.columns, c.nulls_not_distinct)
           for c in catalog.constraints.values() if (c.schema, c.table) == (t.schema, t.name)
           and c.type in ("check", "exclude", "unique", "primary key")}
    return out | {("index", i.predicate or "", i.keys, i.nulls_not_distinct)
                  for i in catalog.indexes.values()
                  if (i.schema, i.table) == (t.schema, t.name) and i.unique and not i.constraint}


def _partitions(catalog: m.Catalog, t: m.Table) -> set[tuple[str, str | None]]:
    return {(p.key, p.partition_bound) for p in catalog.tables.values()
            if p.partition_of == f"{t.schema}.{t.name}"}


def _risky(source: m.Catalog, target: m.Catalog, t: m.Table, other: m.Table) -> str | None:
    """Why seeded rows may not fit the target's table (then none is committed): it adds a
    CHECK or an exclusion, or a unique key that is partial, NULLS NOT DISTINCT or over a
    column with few values; its partition bound or a column's domain changes; one of its
    partitions is detached."""
    def few(name: str) -> bool:
        col = other.column(name)
        return col is None or col.type in FEW_VALUES or f"enum:{col.type}" in target.enums

    for kind, text, columns, nulls_not_distinct in sorted(_row_rules(target, other)
                                                          - _row_rules(source, t)):
        if kind in ("check", "exclude") or (kind == "index" and text) or nulls_not_distinct:
            return f"the target adds {kind} {text} ({', '.join(columns)})"
        if any(few(name) for name in columns):
            return f"the target adds a unique key over few values ({', '.join(columns)})"
    if (t.partition_of, t.partition_bound) != (other.partition_of, other.partition_bound):
        return "its partition bound changes"
    if _partitions(source, t) - _partitions(target, other):
        return "a partition is detached (its rows leave the table)"
    for col in t.columns:
        key = f"domain:{col.type}"
        if key in source.domains and source.domains[key] != target.domains.get(key):
            return f"the domain of {col.name} changes"
    return None


def _labels(source: m.Catalog, target: m.Catalog) -> m.Catalog:
    """The source with each enum's labels cut to those the target's enum also has."""
    enums = {}
    for key, enum in source.enums.items():
        other = target.enums.get(key)
        keep = tuple(label for label in enum.labels if other is None or label in other.labels)
        enums[key] = replace(enum, labels=keep or enum.labels)
    return replace(source, enums=enums)


def targets(source: m.Catalog, target: m.Catalog) -> list[Target]:
    """The tables the writers write: each one the source and the target share (a partition
    is written through its parent) with a column that tells its rows apart."""
    catalog = _labels(source, target)
    fks = _foreign_keys(source, target)
    versions = {(v.schema, v.name) for c in (source, target) for v in c.version_tables.values()}
    out = []
    for key, t in source.tables.items():
        other = target.tables.get(key)
        if other is None or t.partition_of or (t.schema, t.name) in versions:
            continue  # a version table's rows are the plan's to write
        table_key = _key(source, t, other)
        if table_key:
            out.append(Target(catalog, _merged(t, other), table_key, fks,
                              _risky(source, target, t, other)))
    return out


class CaseWriters:
    """Writers for one case: ``around(dsn)`` runs them while the block runs, then checks."""

    def __init__(self, source: m.Catalog, target: m.Catalog, plan: Plan, where: str,
                 rendered: Rendered | None = None) -> None:
        self.targets = targets(source, target)
        self.bound = lock_timeout(plan) + MARGIN
        self.where, self.rendered = where, rendered
        self.writers: Writers | None = None

    @contextmanager
    def around(self, dsn: str) -> Iterator[Writers]:
        writers = Writers(dsn, [self._insert, self._update], timeout=self.bound + 1.0)
        self.writers = writers
        with writers:
            yield writers
        writers.check(self.bound, self.where, self.rendered)
        with psycopg.connect(dsn) as conn:
            lost = self.lost(conn, writers)
        assert not lost, f"{self.where}: committed rows lost: {lost}"

    def _insert(self, writers: Writers, conn: psycopg.Connection, n: int) -> str:
        target = self.targets[n % len(self.targets)]
        what = f"insert {target.label}" + (" (rolled back)" if target.probe else "")
        try:
            with conn.transaction(force_rollback=bool(target.probe)):
                row = conn.execute(target.insert(FIRST + n)).fetchone()
                assert row is not None
                if target.probe:  # its update too, before the rollback
                    conn.execute(target.update(), row)
        except psycopg.Error as exc:
            exc.add_note(what)
            raise
        if not target.probe:
            writers.record(target.label, tuple(row))
        return what

    def _update(self, writers: Writers, conn: psycopg.Connection, n: int) -> str:
        written = [t for t in self.targets if writers.rows.get(t.label)]
        if not written:
            return "nothing to update yet"
        target = written[n % len(written)]
        rows = writers.rows[target.label]
        what = f"update {target.label}"
        try:
            conn.execute(target.update(), rows[(n * 7919) % len(rows)])
        except psycopg.Error as exc:
            exc.add_note(what)
            raise
        return what

    def lost(self, conn: psycopg.Connection, writers: Writers) -> dict[str, list[tuple]]:
        """Each table's committed rows that are not in it (by key) after the plan."""
        out = {}
        for target in self.targets:
            rows = set(writers.rows.get(target.label, ()))
            if not rows:
                continue
            there = {tuple(r) for r in conn.execute(target.select()).fetchall()}
            missing = sorted(rows - there, key=repr)
            if missing:
                out[target.label] = missing[:5]
        return out
