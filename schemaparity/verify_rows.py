"""Row accounting: every row a kept table held before the plan is there after it, its kept
columns unchanged.

Before the plan each kept table (in SOURCE and TARGET, not a partition: its rows are counted
through the partitioned parent) is remembered in a memo table: by primary key, a hash of the
kept columns a row; without a primary key, how many rows have each full-row hash. After the
plan the memo is joined back: a row missing is lost, a row whose hash differs was changed.

Kept columns are the columns of both sides, neither generated; a column whose type changes
is compared only when both types print values alike (the text types, the integer types), so
a narrowing that truncates is caught and a conversion that reformats is not called a change.
A NULL in a column that gets a backfill or becomes NOT NULL may be filled (the backfill
check judges the value); any other change of such a column is still a change.

:func:`account_data_steps` is the hook for steps that add rows on purpose (data steps): the
one call that checks them over the plan's steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from schemaparity import model as m
from schemaparity.plan.sqlgen import sql

_FAMILIES = ({"text", "character varying"}, {"smallint", "integer", "bigint"})


@dataclass(frozen=True)
class TableMemo:
    table: str  # table key
    schema: str
    name: str
    keys: tuple[str, ...]
    columns: tuple[str, ...]
    memo: tuple[str, str]
    filled: tuple[str, ...] = ()  # kept columns a backfill fills where they are NULL


@dataclass(frozen=True)
class TableRows:
    table: str
    before: int
    lost: int
    changed: int
    by: str  # "primary key" or "row hash"

    @property
    def kept(self) -> int:
        return self.before - self.lost


def _alike(a: str, b: str) -> bool:
    base_a, base_b = a.split("(")[0], b.split("(")[0]
    return base_a == base_b or any(base_a in f and base_b in f for f in _FAMILIES)


def kept_columns(old: m.Table, new: m.Table) -> tuple[str, ...]:
    out = []
    for col in old.columns:
        other = new.column(col.name)
        if other is None or col.generated or other.generated:
            continue
        if col.type == other.type or _alike(col.type, other.type):
            out.append(col.name)
    return tuple(out)


def _becomes_not_null(old: m.Table, new: m.Table, column: str) -> bool:
    """A NULL in such a column must get a value: filling it is not changing a kept value."""
    before, after = old.column(column), new.column(column)
    return bool(before and after and after.not_null and not before.not_null)


def primary_key(catalog: m.Catalog, t: m.Table) -> tuple[str, ...]:
    return next((c.columns for c in catalog.constraints.values() if c.schema == t.schema
                 and c.table == t.name and c.type == "primary key"), ())


def primary_keys(catalog: m.Catalog) -> dict[str, tuple[str, ...]]:
    """Table key -> its primary key's columns, read in one pass (per table is quadratic)."""
    return {f"table:{c.schema}.{c.table}": tuple(c.columns)
            for c in catalog.constraints.values() if c.type == "primary key"}


def remember(conn: psycopg.Connection, source: m.Catalog, target: m.Catalog,
             schema: str, backfilled: set[str]) -> list[TableMemo]:
    """Memo tables (in ``schema``, which exists) of every kept table's rows;
    ``backfilled``: the columns (schema.table.column) backfills fill."""
    out = []
    old_pks, new_pks = primary_keys(source), primary_keys(target)
    for n, (key, t) in enumerate(sorted(source.tables.items())):
        new = target.tables.get(key)
        if new is None or t.partition_of:
            continue
        columns = kept_columns(t, new)
        if not columns:
            continue
        keys = old_pks.get(key, ())
        if not keys or any(k not in columns for k in keys) or new_pks.get(key, ()) != keys:
            keys = ()
        filled = tuple(c for c in columns if f"{t.schema}.{t.name}.{c}" in backfilled
                       or _becomes_not_null(t, new, c))
        if not keys:
            columns = tuple(c for c in columns if c not in filled)
            filled = ()
        memo = TableMemo(key, t.schema, t.name, keys, columns, (schema, f"rows_{n}"), filled)
        conn.execute(sql("verify/memo_rows", memo=memo.memo, keys=keys,  # type: ignore[arg-type]
                         columns=columns, filled=filled, schema=t.schema, table=t.name))
        out.append(memo)
    return out


def account(conn: psycopg.Connection, memos: list[TableMemo]) -> list[TableRows]:
    """Each remembered table's rows: before, lost and changed."""
    out = []
    for memo in memos:
        row = conn.execute(sql("verify/account_rows", memo=memo.memo,  # type: ignore[arg-type]
                               keys=memo.keys, columns=memo.columns, filled=list(memo.filled),
                               schema=memo.schema,
                               table=memo.name)).fetchone()
        assert row is not None
        out.append(TableRows(memo.table, row[0], row[1], row[2],
                             "primary key" if memo.keys else "row hash"))
    return out


def problems(rows: list[TableRows]) -> list[str]:
    out = []
    for r in rows:
        if r.lost:
            out.append(f"{r.table}: {r.lost} of {r.before} rows lost")
        if r.changed:
            out.append(f"{r.table}: {r.changed} of {r.before} rows have a kept column changed")
    return out


def account_data_steps(conn: psycopg.Connection, step_ids: tuple[str, ...]) -> list[str]:
    """Problems with the rows the plan's data steps add on purpose (none yet: no step adds
    rows). The hook for data steps: given the applied plan's step ids, check the rows each
    inserted and return one line per problem."""
    del conn, step_ids
    return []
