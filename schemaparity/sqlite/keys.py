"""Constraints, indexes and triggers of a SQLite table as model objects.

SQLite leaves most constraints unnamed; an unnamed one gets the name PostgreSQL would give
it (``<table>_pkey``, ``<table>_<columns>_key``, ``<table>_<columns>_fkey``,
``<table>_<column>_check``), so that the same schema on both engines has the same keys.
Every primary key and unique constraint has an index of its name, as in PostgreSQL (SQLite's
``sqlite_autoindex_*``, the rowid or a WITHOUT ROWID table's own b-tree do that job).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from schemaparity import model as m
from schemaparity.sqlite import parse
from schemaparity.sqlite.expr import sqlite_form
from schemaparity.sqltext import printed


def _names(columns: Iterable[str]) -> str:
    return ", ".join(printed(c) for c in columns)


def _unique_name(taken: set[str], name: str) -> str:
    out, n = name, 0
    while out in taken:
        n += 1
        out = f"{name}{n}"
    taken.add(out)
    return out


def constraints(schema: str, table: str, info: dict[str, Any], text: parse.TableText,
                pks: dict[str, list[str]]) -> list[m.Constraint]:
    """Primary key, unique, CHECK and foreign key constraints of one table."""
    out: list[m.Constraint] = []
    taken: set[str] = set()
    pk = pks.get(table) or []
    if pk:
        given = next((k.name for k in text.keys if k.type == "primary key" and k.name), None)
        name = _unique_name(taken, given or f"{table}_pkey")
        out.append(m.Constraint(schema, table, name, "primary key",
                                f"PRIMARY KEY ({_names(pk)})", columns=tuple(pk), index=name))
    for key in text.keys:
        if key.type == "unique":
            name = _unique_name(taken, key.name or f"{table}_{'_'.join(key.columns)}_key")
            out.append(m.Constraint(schema, table, name, "unique",
                                    f"UNIQUE ({_names(key.columns)})", columns=key.columns,
                                    index=name))
        elif key.type == "check":
            default = f"{table}_{key.columns[0]}_check" if key.columns else f"{table}_check"
            name = _unique_name(taken, key.name or default)
            out.append(m.Constraint(schema, table, name, "check",
                                    f"CHECK ({sqlite_form(key.expr or '')})",
                                    columns=key.columns))
    out.extend(_foreign_keys(schema, table, info, text, pks, taken))
    return out


def _foreign_keys(schema: str, table: str, info: dict[str, Any], text: parse.TableText,
                  pks: dict[str, list[str]], taken: set[str]) -> list[m.Constraint]:
    groups: dict[int, list[Any]] = {}
    for row in info["fks"]:
        groups.setdefault(row["id"], []).append(row)
    declared = [k for k in text.keys if k.type == "foreign key"]
    out = []
    for rows in sorted(groups.values(), key=lambda r: [x["from"] for x in r]):
        cols = tuple(r["from"] for r in rows)
        ref = rows[0]["table"]
        refs = tuple(r["to"] for r in rows) if rows[0]["to"] else tuple(pks.get(ref, ()))
        key = next((k for k in declared if k.columns == cols
                    and (k.ref_table or "").lower() == ref.lower()), parse.Key("foreign key"))
        if key in declared:
            declared.remove(key)
        on_update, on_delete = rows[0]["on_update"].lower(), rows[0]["on_delete"].lower()
        definition = fk_definition(cols, printed(ref), refs, on_update, on_delete,
                                   key.deferrable, key.deferred)
        name = _unique_name(taken, key.name or f"{table}_{'_'.join(cols)}_fkey")
        out.append(m.Constraint(
            schema, table, name, "foreign key", definition, columns=cols,
            ref_table=f"{schema}.{ref}", ref_columns=refs, match="simple",
            on_update=on_update, on_delete=on_delete,  # type: ignore[arg-type]
            deferrable=key.deferrable, deferred=key.deferred))
    return out


def fk_definition(cols: tuple[str, ...], ref: str, refs: tuple[str, ...], on_update: str,
                  on_delete: str, deferrable: bool, deferred: bool) -> str:
    """A foreign key as PostgreSQL prints it (``ref`` already printed, maybe qualified)."""
    out = f"FOREIGN KEY ({_names(cols)}) REFERENCES {ref}({_names(refs)})"
    if on_update != "no action":
        out += f" ON UPDATE {on_update.upper()}"
    if on_delete != "no action":
        out += f" ON DELETE {on_delete.upper()}"
    if deferrable:
        out += " DEFERRABLE" + (" INITIALLY DEFERRED" if deferred else "")
    return out


def index_definition(schema: str, table: str, name: str, unique: bool, keys: Iterable[str],
                     predicate: str | None, method: str | None = None) -> str:
    """``CREATE [UNIQUE] INDEX`` text (``method``: PostgreSQL's ``USING btree``)."""
    using = f" USING {method}" if method else ""
    return (f"CREATE {'UNIQUE ' if unique else ''}INDEX {printed(name)} ON "
            f"{printed(schema)}.{printed(table)}{using} ({', '.join(keys)})"
            + (f" WHERE {predicate}" if predicate else ""))


def key_indexes(schema: str, table: str, info: dict[str, Any],
                found: list[m.Constraint]) -> list[m.Index]:
    """The index of each primary key and unique constraint, named after it."""
    out = []
    for con in found:
        if con.type not in ("primary key", "unique"):
            continue
        definition = index_definition(schema, table, con.name, True,
                                      (printed(c) for c in con.columns), None)
        out.append(m.Index(schema, table, con.name, definition, "btree", unique=True,
                           primary=con.type == "primary key", keys=con.columns,
                           constraint=con.name))
    return out


def index(schema: str, table: str, name: str, sql: str, info: dict[str, Any]) -> m.Index:
    """A ``CREATE INDEX`` index: unique, partial and expression keys included."""
    listed = next(ix for ix in info["indexes"] if ix["name"] == name)
    items, predicate = parse.index_parts(sql)
    keys = []
    for row in info["index_columns"][name]:
        if not row["key"]:
            continue
        text = (printed(row["name"]) if row["cid"] >= 0 else
                "rowid" if row["cid"] == -1 else sqlite_form(items[row["seqno"]]) or "")
        if row["coll"] and row["coll"].upper() != "BINARY":
            text += f" COLLATE {row['coll']}"
        if row["desc"]:
            text += " DESC"
        keys.append(text)
    where = sqlite_form(predicate) if predicate else None
    unique = bool(listed["unique"])
    definition = index_definition(schema, table, name, unique, keys, where)
    return m.Index(schema, table, name, definition, "btree", unique=unique, keys=tuple(keys),
                   predicate=where)


def trigger(schema: str, table: str, name: str, sql: str) -> m.Trigger:
    """A trigger: SQLite's run their own statements (``body``), always FOR EACH ROW."""
    timing, events, when, body = parse.trigger_parts(sql)
    return m.Trigger(schema, table, name, timing, tuple(events), "row", "",  # type: ignore
                     " ".join(sql.split()).rstrip(";"), when=sqlite_form(when) if when else None)
