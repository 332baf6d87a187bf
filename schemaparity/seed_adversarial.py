"""Rows that fight back (``--adversarial``): after seeding, change seeded rows so each
condition the plan depends on is tripped at least once.

From SOURCE and TARGET: duplicates on each future unique key, a NULL in each column that
becomes NOT NULL, a row violating each new CHECK, an orphan for each new foreign key, a value
that does not fit each narrowed type, and each enum value about to be removed. Each condition
changes one row of its own (the table's rows in physical order, the first left as it is) in a
savepoint, trying candidate values until the ``seed/trips`` query sees the condition hold;
one the source itself refuses, or with too few rows, is reported as not planted (and why).
Deterministic: the same schemas and seeded rows get the same changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from schemaparity import model as m
from schemaparity.plan.sqlgen import sql
from schemaparity.sqltext import quote_literal

_INTS = ("smallint", "integer", "bigint")
_NUMBERS = ("numeric", "real", "double precision")
_TEXTS = ("text", "character varying", "character", "citext")


@dataclass(frozen=True)
class Condition:
    mode: str  # duplicate, null, check, orphan, narrowing, enum
    table: m.Table
    what: str  # for people: "duplicates on future unique key public.t (email)"
    columns: tuple[str, ...]
    values: tuple[tuple[str, ...], ...] = ()  # candidate SQL values, one per column
    extra: dict[str, Any] = field(default_factory=dict)  # template context of the mode


@dataclass(frozen=True)
class Planted:
    table: str  # table key
    mode: str
    what: str
    planted: bool
    why: str | None = None
    names: tuple[str, ...] = ()  # schema.name of the objects a failure it causes may name


def candidates(ty: str, catalog: m.Catalog) -> tuple[str, ...]:
    """SQL values to try in a column of type ``ty``: boundaries, empty, long and unicode."""
    base = ty.split("(")[0]
    if base in _INTS:
        return ("0", "-1", "-32768", "32767", "-2147483648", "2147483647",
                "9223372036854775807", "-987654321")
    if base in _NUMBERS:
        return ("0", "-1", "-0.01", "12345.6789", "99999999.99", "99999999999999.99",
                "0.000001", "-987654321")
    if base in _TEXTS:
        length = _length(ty) if "(" in ty else 1000
        return ("''", "' '", "'x'", f"repeat('ж', {length})", "'Zoë ✓ 日本 orphan'")
    if base.startswith("timestamp") or base == "date":
        return ("'1900-01-01'", "'2999-12-31'", "'2024-02-29 12:34:56.789123'",
                "'-infinity'", "'infinity'")
    if base == "boolean":
        return ("false", "true")
    if base == "uuid":
        return ("'00000000-0000-0000-0000-000000000000'",
                "'ffffffff-ffff-ffff-ffff-ffffffffffff'")
    enum = catalog.enums.get(f"enum:{ty}")
    if enum is not None:
        return tuple(quote_literal(label) for label in enum.labels)
    return ()


def widens(old: str, new: str) -> bool:
    """Whether every value of type ``old`` fits ``new`` (a wider integer, a longer or
    unbounded text)."""
    base_old, base_new = old.split("(")[0], new.split("(")[0]
    if base_old in _INTS and base_new in _INTS:
        return _INTS.index(base_new) >= _INTS.index(base_old)
    if base_old in ("character varying", "text") and base_new in ("character varying", "text"):
        if base_new == "text" or "(" not in new:
            return True
        return "(" in old and _length(new) >= _length(old)
    return False


def _length(ty: str) -> int:
    return int(ty[ty.index("(") + 1:ty.index(")")])


def _table(source: m.Catalog, schema: str, name: str) -> m.Table | None:
    return source.tables.get(f"table:{schema}.{name}")


def _has_columns(t: m.Table | None, columns: tuple[str, ...]) -> bool:
    return t is not None and bool(columns) and all(t.column(c) for c in columns)


def _unique_keys(source: m.Catalog, target: m.Catalog) -> list[Condition]:
    old = {(c.schema, c.table, c.columns) for c in source.constraints.values()
           if c.type in ("unique", "primary key")}
    old |= {(i.schema, i.table, i.keys) for i in source.indexes.values() if i.unique}
    new = {(c.schema, c.table, c.columns) for c in target.constraints.values()
           if c.type in ("unique", "primary key")}
    new |= {(i.schema, i.table, i.keys) for i in target.indexes.values()
            if i.unique and not i.predicate}
    out = []
    for schema, name, columns in sorted(new - old):
        t = _table(source, schema, name)
        if t is not None and _has_columns(t, columns):
            out.append(Condition("duplicate", t, f"duplicates on future unique key "
                                 f"{schema}.{name} ({', '.join(columns)})", columns))
    return out


def _columns(source: m.Catalog, target: m.Catalog) -> list[Condition]:
    out = []
    for key, new in sorted(target.tables.items()):
        t = source.tables.get(key)
        if t is None:
            continue
        for col in new.columns:
            old = t.column(col.name)
            if old is None or old.generated:
                continue
            where = f"{t.schema}.{t.name}.{col.name}"
            if col.not_null and not old.not_null:
                out.append(Condition("null", t, f"NULL in future NOT NULL column {where}",
                                     (col.name,), (("NULL",),)))
            if old.type != col.type and "." not in col.type and not widens(old.type, col.type):
                out.append(Condition(
                    "narrowing", t, f"value not fitting {where} {old.type} -> {col.type}",
                    (col.name,), tuple((v,) for v in candidates(old.type, source)),
                    {"new_type": col.type}))
    return out


def _constraints(source: m.Catalog, target: m.Catalog) -> list[Condition]:
    out = []
    for key, con in sorted(target.constraints.items()):
        old = source.constraints.get(key)
        if old is not None and old.definition == con.definition:
            continue
        t = _table(source, con.schema, con.table)
        if t is None:
            continue
        columns = con.columns or tuple(c.name for c in t.columns)
        name = f"{con.schema}.{con.table}.{con.name}"
        if con.type == "check" and _has_columns(t, columns):
            expression = con.definition.removeprefix("CHECK ").removesuffix(" NOT VALID")
            out.extend(Condition("check", t, f"row violating future CHECK {name}", (c,),
                                 tuple((v,) for v in candidates(t.column(c).type, source)),  # type: ignore[union-attr]
                                 {"expression": expression}) for c in columns)
        elif (con.type == "foreign key" and con.ref_table and _has_columns(t, con.columns)
              and f"table:{con.ref_table}" in source.tables):
            types = [candidates(t.column(c).type, source) for c in con.columns]  # type: ignore[union-attr]
            values = tuple(zip(*types, strict=False))
            out.append(Condition("orphan", t, f"orphan for future foreign key {name} -> "
                                 f"{con.ref_table}", con.columns, values,
                                 {"ref": con.ref_table.split(".", 1),
                                  "ref_columns": con.ref_columns}))
    return out


def _enums(source: m.Catalog, target: m.Catalog) -> list[Condition]:
    out = []
    for key, enum in sorted(source.enums.items()):
        new = target.enums.get(key)
        gone = [label for label in enum.labels if new is not None and label not in new.labels]
        for label in gone:
            for t in sorted(source.tables.values(), key=lambda t: t.key):
                for col in t.columns:
                    if col.type == f"{enum.schema}.{enum.name}" and not t.partition_of:
                        out.append(Condition(
                            "enum", t, f"enum value {label!r} of {enum.schema}.{enum.name} "
                            f"about to be removed, in {t.schema}.{t.name}.{col.name}",
                            (col.name,), ((quote_literal(label),),),
                            {"label": label, "names": (f"{enum.schema}.{enum.name}",)}))
    return out


def conditions(source: m.Catalog, target: m.Catalog) -> list[Condition]:
    """Every condition the plan from ``source`` to ``target`` depends on."""
    found = (_unique_keys(source, target) + _columns(source, target)
             + _constraints(source, target) + _enums(source, target))
    return [c for c in found if not c.table.partition_of]


def _plant_one(conn: psycopg.Connection, cond: Condition, offset: int) -> str | None:
    """Trip ``cond`` on the offset-th row; None when it holds, else why not."""
    context = {"mode": cond.mode, "schema": cond.table.schema, "table": cond.table.name,
               "columns": cond.columns, "offset": offset, **cond.extra}
    last = "no candidate value"
    for values in cond.values or ((),):
        try:
            with conn.transaction():
                conn.execute(sql("seed/plant", values=values, **context))  # type: ignore[arg-type]
                row = conn.execute(sql("seed/trips", **context)).fetchone()  # type: ignore[arg-type]
                if row and row[0]:
                    return None
                raise _NotTripped
        except _NotTripped:
            last = "no candidate value trips it"
        except psycopg.Error as exc:
            last = f"the source refuses it: {exc.diag.message_primary or exc}"
    return last


class _NotTripped(Exception):
    pass


def plant(conn: psycopg.Connection, source: m.Catalog, target: m.Catalog,
          rows: dict[str, int]) -> list[Planted]:
    """Trip every condition once (``rows``: each table's seeded rows); what was planted."""
    out = []
    used: dict[str, int] = {}
    for cond in conditions(source, target):
        offset = used[cond.table.key] = used.get(cond.table.key, 0) + 1
        if rows.get(cond.table.key, 0) <= offset:
            out.append(Planted(cond.table.key, cond.mode, cond.what, False,
                               f"too few seeded rows ({rows.get(cond.table.key, 0)})"))
            continue
        why = _plant_one(conn, cond, offset)
        names = (f"{cond.table.schema}.{cond.table.name}", *cond.extra.get("names", ()))
        out.append(Planted(cond.table.key, cond.mode, cond.what, why is None, why, names))
    return out
