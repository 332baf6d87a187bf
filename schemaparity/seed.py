"""Deterministic rows for verify: N rows a table, parents before children, FKs satisfied.

Values come from the row number ``g`` and the column's type, so the same schema always gets
the same rows. Foreign keys pick an existing parent row (``g``-th in key order, wrapping);
nullable columns are NULL in every third row (a different third for each column),
so backfills have work to do. A table whose
CHECKs or unique keys reject the generated rows is left empty and reported, never guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from typing import Any

import psycopg

from schemaparity import model as m
from schemaparity.plan.sqlgen import sql as template


@dataclass(frozen=True)
class SeedReport:
    rows: dict[str, int]  # table key -> rows inserted
    skipped: dict[str, str]  # table key -> why it stayed empty


def _order(catalog: m.Catalog) -> list[m.Table]:
    graph: dict[str, set[str]] = {k: set() for k in catalog.tables}
    for con in catalog.constraints.values():
        if con.type == "foreign key" and con.ref_table:
            child, parent = f"table:{con.schema}.{con.table}", f"table:{con.ref_table}"
            if child != parent and parent in graph and child in graph:
                graph[child].add(parent)
    for key, t in catalog.tables.items():
        if t.partition_of and f"table:{t.partition_of}" in graph:
            graph[key].add(f"table:{t.partition_of}")
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError:
        order = sorted(graph)
    return [catalog.tables[k] for k in order]


def _value(catalog: m.Catalog, t: m.Table, col: m.Column) -> dict[str, Any] | None:
    """What ``seed/insert`` makes of ``g`` for the column, or None to leave it to its default."""
    if col.generated or col.identity:
        return None
    if col.default is not None and "nextval(" in col.default:
        return None  # serial columns count up deterministically by themselves
    value: dict[str, Any] = {"name": col.name, "type": col.type, "position": col.position,
                             "nullable": not col.not_null, "arg": None, "length": None}
    ty = col.type
    base = ty.split("(")[0]
    if ty.endswith("[]") or base in ("jsonb", "json"):
        value["kind"] = "empty"
    elif base in ("text", "character varying", "character", "name", "citext"):
        length = ty[ty.index("(") + 1:ty.index(")")] if "(" in ty else None
        value.update(kind="text", arg=f"{t.name[:8]}_", length=length)
    elif base == "uuid":
        value.update(kind="uuid", arg=t.key)
    elif (kind := _KINDS.get("timestamp" if base.startswith("timestamp") else base)):
        value["kind"] = kind
    elif (enum := catalog.enums.get(f"enum:{ty}")) is not None:
        value.update(kind="literal", arg=enum.labels[0])
    elif col.default is not None or not col.not_null:
        return None
    else:
        value["kind"] = "null"
    return value


_KINDS = {"integer": "int", "bigint": "int", "smallint": "int", "numeric": "numeric",
          "real": "numeric", "double precision": "numeric", "boolean": "boolean",
          "timestamp": "timestamp", "date": "date", "bytea": "bytea", "inet": "inet"}


def _foreign_keys(catalog: m.Catalog) -> dict[tuple[str, str], m.Constraint]:
    """(table key, column) -> the foreign key the column is part of (the first by name)."""
    fks: dict[tuple[str, str], m.Constraint] = {}
    for con in catalog.constraints.values():
        if con.type == "foreign key" and con.ref_table:
            for col in con.columns:
                fks.setdefault((f"table:{con.schema}.{con.table}", col), con)
    return fks


def insert_sql(catalog: m.Catalog, t: m.Table, rows: int,
               fks: dict[tuple[str, str], m.Constraint]) -> str:
    """The INSERT giving ``t`` its ``rows`` rows; a foreign key takes the g-th parent row
    (wrapping) by a join on a numbered list: linear, where a subquery with OFFSET per row
    would be quadratic. A self-reference stays NULL: the tree is flat."""
    values: list[dict[str, Any]] = []
    parents: dict[str, dict[str, Any]] = {}  # constraint name -> its numbered parent rows
    for col in t.columns:
        con = fks.get((t.key, col.name))
        if con is not None and f"{con.schema}.{con.table}" != con.ref_table:
            parent = parents.setdefault(con.name, {
                "alias": f"p{len(parents)}", "ref": con.ref_table.split(".", 1),  # type: ignore[union-attr]
                "columns": con.ref_columns})
            values.append({"name": col.name, "kind": "parent", "alias": parent["alias"],
                           "arg": con.ref_columns[con.columns.index(col.name)],
                           "nullable": not col.not_null, "position": col.position})
        elif con is not None:
            values.append({"name": col.name, "kind": "null"})
        elif (value := _value(catalog, t, col)) is not None:
            values.append(value)
    return template("seed/insert", t=t, rows=int(rows), values=values,
               parents=list(parents.values()))


def seed(conn: psycopg.Connection, catalog: m.Catalog, rows: int) -> SeedReport:
    """Insert ``rows`` rows into every table of ``catalog`` (autocommit connection)."""
    inserted: dict[str, int] = {}
    skipped: dict[str, str] = {}
    fks = _foreign_keys(catalog)
    for t in _order(catalog):
        if t.partition_of:
            continue  # rows go in through the partitioned parent
        try:
            with conn.transaction():
                cur = conn.execute(insert_sql(catalog, t, rows, fks))  # type: ignore[arg-type]
                inserted[t.key] = cur.rowcount
        except psycopg.Error as exc:
            diag = getattr(exc, "diag", None)
            skipped[t.key] = (diag.message_primary if diag and diag.message_primary
                              else str(exc).splitlines()[0])
    return SeedReport(inserted, skipped)


def row_counts(conn: psycopg.Connection, catalog: m.Catalog) -> dict[str, int]:
    out = {}
    for key, t in catalog.tables.items():
        if t.partition_of:
            continue
        stmt = template("seed/count", t=t)
        out[key] = conn.execute(stmt).fetchone()[0]  # type: ignore[arg-type, index]
    return out
