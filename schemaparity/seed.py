"""Deterministic rows for verify: N rows a table, parents before children, FKs satisfied.

Values come from the row number ``g`` and the column's type, so the same schema always gets
the same rows; they are meant to look like real data: text with unicode and long values, dates
and times at their boundaries (leap days, epoch, far future), enum labels skewed toward the
first, JSON objects, arrays, ranges, domains (through their base type) and composites (each
attribute). Foreign keys pick an existing parent row, skewed as real data is: parent
``floor(n * ((g - 1) / N)²)`` of ``n``, so the first parents have many children (about
``sqrt(n)`` times the mean) and many of the last ones none; with ``skew`` (``--adversarial``)
parent ``floor(sqrt(g - 1))``, more extreme still. A key that is part of a unique key (where
a second child could collide) takes the ``g``-th parent, wrapping, one child each; a
multi-column key is NULL in all its columns at once; nullable
columns are NULL in every third row (a different third
for each column), so backfills have work to do. A table whose CHECKs refuse the boundary
values gets plain ones (no boundaries, short ASCII text); one whose CHECKs or unique keys
reject those too is left empty and reported, never guessed at.
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
    kind = _kind(catalog, col.type, f"{t.name[:8]}_")
    domain = catalog.domains.get(f"domain:{col.type}")
    if domain is not None and domain.not_null:
        value["nullable"] = False
    if kind is not None:
        value.update(kind, **({"arg": t.key} if kind["kind"] == "uuid" else {}))
    elif col.default is not None or not col.not_null:
        return None
    else:
        value["kind"] = "null"
    return value


def _kind(catalog: m.Catalog, ty: str, prefix: str, depth: int = 0) -> dict[str, Any] | None:
    """The expression kind (and its arguments) for a value of type ``ty``, None for a type
    the seeder does not know."""
    base = ty.split("(")[0]
    length = ty[ty.index("(") + 1:ty.index(")")] if "(" in ty and base in _TEXTS else None
    if ty.endswith("[]"):
        element = _kind(catalog, ty[:-2], prefix, depth + 1)
        return {"kind": "array", "element": element} if element else {"kind": "empty"}
    if base in ("jsonb", "json"):
        return {"kind": "json"}
    if base in _TEXTS:
        return {"kind": "text", "arg": prefix, "length": length}
    if base == "uuid":
        return {"kind": "uuid", "arg": prefix}
    if (kind := _KINDS.get("timestamp" if base.startswith("timestamp") else base)):
        return {"kind": kind, "type": ty}
    if (enum := catalog.enums.get(f"enum:{ty}")) is not None:
        return {"kind": "labels", "arg": list(enum.labels)}
    if (domain := catalog.domains.get(f"domain:{ty}")) is not None and depth < 3:
        inner = _kind(catalog, domain.base_type, prefix, depth + 1)
        if inner and inner["kind"] == "text":
            inner = {**inner, "kind": "address"}  # text domains are mostly e-mail-like
        return inner
    if (comp := catalog.composites.get(f"composite:{ty}")) is not None and depth < 3:
        parts = [(_kind(catalog, a_type, prefix, depth + 1), a_type)
                 for _name, a_type, _coll in comp.attributes]
        if all(k for k, _ in parts):
            return {"kind": "row", "parts": [{**k, "type": a} for k, a in parts]}  # type: ignore[dict-item]
    return None


_TEXTS = ("text", "character varying", "character", "name", "citext")
_KINDS = {"integer": "int", "bigint": "int", "smallint": "int", "numeric": "numeric",
          "real": "numeric", "double precision": "numeric", "money": "numeric",
          "boolean": "boolean", "timestamp": "timestamp", "date": "date", "bytea": "bytea",
          "inet": "inet", "cidr": "cidr", "macaddr": "macaddr", "interval": "interval",
          "time without time zone": "time", "time with time zone": "time", "time": "time",
          "tstzrange": "range", "tsrange": "range", "daterange": "range",
          "int4range": "range", "int8range": "range", "numrange": "range", "xml": "xml",
          "tsvector": "tsvector", "oid": "int", "bit": "bits", "bit varying": "bits"}


def _foreign_keys(catalog: m.Catalog) -> dict[tuple[str, str], m.Constraint]:
    """(table key, column) -> the foreign key the column is part of (the first by name)."""
    fks: dict[tuple[str, str], m.Constraint] = {}
    for con in catalog.constraints.values():
        if con.type == "foreign key" and con.ref_table:
            for col in con.columns:
                fks.setdefault((f"table:{con.schema}.{con.table}", col), con)
    return fks


Key = tuple[str, tuple[str, ...], bool]  # kind (a constraint type or "index"), columns, NND


def table_keys(catalog: m.Catalog) -> dict[str, list[Key]]:
    """Table key -> its keys: constraints (by type) and indexes (``unique index`` or
    ``index``), each with its columns and whether NULLs are not distinct; read once, so
    seeding stays linear in the tables."""
    out: dict[str, list[Key]] = {}
    for c in catalog.constraints.values():
        out.setdefault(f"table:{c.schema}.{c.table}", []).append(
            (c.type, tuple(c.columns), bool(c.nulls_not_distinct)))
    for i in catalog.indexes.values():
        out.setdefault(f"table:{i.schema}.{i.table}", []).append(
            ("unique index" if i.unique else "index", tuple(i.keys), bool(i.nulls_not_distinct)))
    return out


_UNIQUE = ("unique", "primary key", "unique index")


def _spread(keys: list[Key], columns: tuple[str, ...], skew: bool) -> str:
    """How a foreign key picks its parents: ``sqrt`` (--adversarial: parent k gets 2k + 1
    children, the rest none; unless a unique key lies within the key's columns),
    ``square`` (skewed: the first parents get many, the last ones often none; unless a
    unique or exclusion key holds any of its columns, where two children could collide),
    ``wrap`` (one child each, wrapping)."""
    if skew:
        within = any(k and set(k) <= set(columns) for kind, k, _ in keys if kind in _UNIQUE)
        return "wrap" if within else "sqrt"
    holds = any(set(k) & set(columns) for kind, k, _ in keys
                if kind in (*_UNIQUE, "exclusion"))
    return "wrap" if holds else "square"


def insert_sql(catalog: m.Catalog, t: m.Table, rows: int,
               fks: dict[tuple[str, str], m.Constraint], plain: bool = False,
               skew: bool = False, keys: list[Key] | None = None, first: int = 1) -> str:
    """The INSERT giving ``t`` its ``rows`` rows, numbered ``g`` from ``first``; a foreign key
    takes a parent row picked from ``g`` (see :func:`_spread`) by a join on a numbered list:
    linear, where a subquery with OFFSET per row would be quadratic. A self-reference stays
    NULL: the tree is flat. ``keys``: the table's :func:`table_keys` (read from ``catalog``
    when not given)."""
    values: list[dict[str, Any]] = []
    parents: dict[str, dict[str, Any]] = {}  # constraint name -> its numbered parent rows
    keys = table_keys(catalog).get(t.key, []) if keys is None else keys
    one_null = {c for _, k, nnd in keys if nnd for c in k}  # a second NULL: a duplicate
    for col in t.columns:
        con = fks.get((t.key, col.name))
        if con is not None and f"{con.schema}.{con.table}" != con.ref_table:
            parent = parents.setdefault(con.name, {
                "alias": f"p{len(parents)}", "ref": con.ref_table.split(".", 1),  # type: ignore[union-attr]
                "columns": con.ref_columns,
                "spread": _spread(keys, con.columns, skew)})
            members = [c for c in t.columns if c.name in con.columns]  # NULL together
            values.append({"name": col.name, "kind": "parent", "alias": parent["alias"],
                           "arg": con.ref_columns[con.columns.index(col.name)],
                           "nullable": all(not c.not_null and c.name not in one_null
                                           for c in members),
                           "position": min(c.position for c in members)})
        elif con is not None:
            values.append({"name": col.name, "kind": "null"})
        elif (value := _value(catalog, t, col)) is not None:
            values.append({**value, "nullable": value["nullable"] and col.name not in one_null})
    return template("seed/insert", t=t, rows=int(rows), values=values,
                    parents=list(parents.values()), plain=plain, first=int(first))


def seed(conn: psycopg.Connection, catalog: m.Catalog, rows: int,
         skew: bool = False) -> SeedReport:
    """Insert ``rows`` rows into every table of ``catalog`` (autocommit connection);
    ``skew``: many children for very few parents (--adversarial)."""
    inserted: dict[str, int] = {}
    skipped: dict[str, str] = {}
    fks = _foreign_keys(catalog)
    keys = table_keys(catalog)
    for t in _order(catalog):
        if t.partition_of:
            continue  # rows go in through the partitioned parent
        for plain in (False, True):  # boundary values a CHECK refuses: plain ones then
            try:
                with conn.transaction():
                    stmt = insert_sql(catalog, t, rows, fks, plain, skew, keys.get(t.key, []))
                    cur = conn.execute(stmt)  # type: ignore[arg-type]
                    inserted[t.key] = cur.rowcount
                    skipped.pop(t.key, None)
                    break
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
