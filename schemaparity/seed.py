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

import psycopg
from psycopg import sql

from schemaparity import model as m
from schemaparity.sqltext import quote_ident, quote_literal


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


def _value(catalog: m.Catalog, t: m.Table, col: m.Column) -> str | None:
    """An SQL expression of ``g`` for the column, or None to leave it to its default."""
    if col.generated or col.identity:
        return None
    if col.default is not None and "nextval(" in col.default:
        return None  # serial columns count up deterministically by themselves
    ty = col.type
    base = ty.split("(")[0]
    if ty.endswith("[]"):
        expr = "'{}'"
    elif base in ("integer", "bigint", "smallint"):
        expr = "g"
    elif base in ("numeric", "real", "double precision"):
        expr = "(g % 1000)"
    elif base in ("text", "character varying", "character", "name", "citext"):
        n = ty[ty.index("(") + 1:ty.index(")")] if "(" in ty else None
        text = f"'{t.name[:8]}_' || g"
        expr = f"left({text}, {n})" if n else text
    elif base == "boolean":
        expr = "(g % 2 = 0)"
    elif base.startswith("timestamp"):
        expr = "(timestamp '2024-01-01' + g * interval '1 minute')"
    elif base == "date":
        expr = "(date '2024-01-01' + g)"
    elif base == "uuid":
        expr = f"md5({quote_literal(t.key)} || g)::uuid"
    elif base in ("jsonb", "json"):
        expr = "'{}'"
    elif base == "bytea":
        expr = "'\\x00'::bytea"
    elif base == "inet":
        expr = "'10.0.0.1'::inet"
    elif (enum := catalog.enums.get(f"enum:{ty}")) is not None:
        expr = quote_literal(enum.labels[0])
    else:
        return None if col.default is not None or not col.not_null else "NULL"
    cast = f"({expr})::{ty}"
    if not col.not_null:
        return f"CASE WHEN (g + {col.position}) % 3 = 0 THEN NULL ELSE {cast} END"
    return cast


def seed(conn: psycopg.Connection, catalog: m.Catalog, rows: int) -> SeedReport:
    """Insert ``rows`` rows into every table of ``catalog`` (autocommit connection)."""
    inserted: dict[str, int] = {}
    skipped: dict[str, str] = {}
    fks: dict[tuple[str, str], m.Constraint] = {}
    for con in catalog.constraints.values():
        if con.type == "foreign key" and con.ref_table:
            for col in con.columns:
                fks.setdefault((f"table:{con.schema}.{con.table}", col), con)
    for t in _order(catalog):
        if t.partition_of:
            continue  # rows go in through the partitioned parent
        cols, exprs, ctes, joins = [], [], [], []
        parents: dict[str, str] = {}  # constraint name -> alias of its numbered parent rows
        for col in t.columns:
            con = fks.get((t.key, col.name))
            if con is not None and f"{con.schema}.{con.table}" != con.ref_table:
                alias = parents.get(con.name)
                if alias is None:
                    # the g-th parent row (wrapping), by a join on a numbered list: linear,
                    # where a subquery with OFFSET per row would be quadratic
                    alias = parents[con.name] = f"p{len(parents)}"
                    ref = quote_ident(*con.ref_table.split(".", 1))
                    keys = ", ".join(quote_ident(c) for c in con.ref_columns)
                    ctes.append(f"{alias} AS (SELECT {keys}, row_number() OVER (ORDER BY {keys})"
                                f" AS rn, count(*) OVER () AS n FROM {ref})")
                    joins.append(f"LEFT JOIN {alias} ON {alias}.rn = ((g - 1) % "
                                 f"GREATEST(1, (SELECT max(n) FROM {alias}))) + 1")
                ref_col = con.ref_columns[con.columns.index(col.name)]
                expr = f"{alias}.{quote_ident(ref_col)}"
                if not col.not_null:
                    expr = f"CASE WHEN (g + {col.position}) % 3 = 0 THEN NULL ELSE {expr} END"
            elif con is not None:
                expr = "NULL"  # a self-reference: leave the tree flat
            else:
                expr = _value(catalog, t, col)
            if expr is None:
                continue
            cols.append(quote_ident(col.name))
            exprs.append(expr)
        with_ = f"WITH {', '.join(ctes)} " if ctes else ""
        source = f"generate_series(1, {int(rows)}) AS g {' '.join(joins)}"
        stmt = (f"INSERT INTO {quote_ident(t.schema, t.name)} ({', '.join(cols)}) "
                f"{with_}SELECT {', '.join(exprs)} FROM {source}")
        if not cols:
            stmt = (f"INSERT INTO {quote_ident(t.schema, t.name)} "
                    f"SELECT FROM generate_series(1, {int(rows)}) AS g")
        try:
            with conn.transaction():
                cur = conn.execute(sql.SQL(stmt))  # type: ignore[arg-type]
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
        stmt = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t.schema, t.name))
        out[key] = conn.execute(stmt).fetchone()[0]
    return out
