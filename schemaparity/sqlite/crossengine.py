"""Cross-engine comparison: a SQLite catalog and a PostgreSQL one made comparable.

Turned on for a check with ``cross_engine = true`` (or a table, below); ``diff`` turns it on
by itself when the two sides are of different engines. What it does, to both sides:

* SQLite's ``main`` schema is PostgreSQL's ``public`` (``schema = "..."`` to change);
* declared types become PostgreSQL types (:mod:`schemaparity.sqlite.types`; a project
  overrides names with ``types = { DATETIME = "timestamp with time zone" }``); ``jsonb``
  and JSON stored as text compare as ``json``;
* expressions are transpiled by sqlglot (SQLite to PostgreSQL): ``CURRENT_TIMESTAMP`` and
  ``now()`` compare equal, and so do ``1``/``0`` and ``true``/``false`` in a boolean column;
* an identity or serial column and a rowid alias (``INTEGER PRIMARY KEY``) are all identity
  columns ``bigint``; an enum column is a text column with a CHECK IN-list of its labels, a
  domain column a column of the domain's base type;
* what SQLite cannot express is not reported as missing: schemas, extensions, enums,
  domains, composite types, collations, sequences, functions, triggers (SQLite's run
  statements, PostgreSQL's run functions), policies and RLS, comments, owners and
  privileges, storage options; views compare by their column names only.

What remains is real drift: a missing table, column or key, a type that maps differently,
another default, another foreign key action.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from schemaparity import model as m
from schemaparity.errors import UsageError
from schemaparity.sqlite import keys as keys_mod
from schemaparity.sqlite import types as types_mod
from schemaparity.sqlite.expr import postgres_form, same_now
from schemaparity.sqlite.reader import ENGINE
from schemaparity.sqltext import canonical_expr, printed


@dataclass(frozen=True)
class Settings:
    schema: str = "public"  # what SQLite's main schema is called on the PostgreSQL side
    types: Mapping[str, str] = field(default_factory=dict)  # declared type -> PostgreSQL


def parse_settings(where: str, value: Any) -> Settings | None:
    """``cross_engine = true`` or ``{ schema = "public", types = { NAME = "pg type" } }``."""
    if value is False:
        return None
    if value is True:
        return Settings()
    if not isinstance(value, dict):
        raise UsageError(f"{where}: expected true or a table with schema and types")
    unknown = sorted(set(value) - {"schema", "types"})
    if unknown:
        raise UsageError(f"{where}: unknown key {unknown[0]!r} (allowed: schema, types)")
    schema = value.get("schema", "public")
    types = value.get("types", {})
    if not isinstance(schema, str) or not schema:
        raise UsageError(f"{where}.schema: expected a schema name")
    if not isinstance(types, dict) or not all(isinstance(v, str) for v in types.values()):
        raise UsageError(f"{where}.types: expected a table of declared type = \"pg type\"")
    return Settings(schema, types_mod.normalize_overrides(types))


def is_sqlite(catalog: m.Catalog) -> bool:
    return (catalog.engine or "").split(" ", 1)[0] == ENGINE


def engines_differ(left: m.Catalog, right: m.Catalog) -> bool:
    return is_sqlite(left) != is_sqlite(right)


def comparable(left: m.Catalog, right: m.Catalog, settings: Settings | None = None
               ) -> tuple[m.Catalog, m.Catalog]:
    """Both sides as the cross-engine comparison sees them."""
    settings = settings or Settings()
    return tuple(common_ground(from_sqlite(c, settings) if is_sqlite(c) else c)  # type: ignore
                 for c in (left, right))


# ---------------------------------------------------------------- a SQLite catalog as PG


def from_sqlite(catalog: m.Catalog, settings: Settings) -> m.Catalog:
    """A SQLite catalog written the way PostgreSQL would show the same schema."""
    schema = settings.schema
    tables = [_table(t, settings) for t in catalog.tables.values()]
    types = {(t.name, c.name): c.type for t in tables for c in t.columns}
    constraints = [_constraint(c, schema, types) for c in catalog.constraints.values()]
    indexes = [_index(i, schema) for i in catalog.indexes.values()]
    views = [replace(v, schema=schema, definition=postgres_form(v.definition) or "")
             for v in catalog.views.values()]
    return m.Catalog.build(catalog.server_version, tables=tables, constraints=constraints,
                           indexes=indexes, views=views, version_tables=[
                               replace(v, schema=schema)
                               for v in catalog.version_tables.values()])


def _table(t: m.Table, settings: Settings) -> m.Table:
    columns = []
    for c in t.columns:
        pg = types_mod.to_postgres(c.type, settings.types)
        columns.append(replace(
            c, type=pg, default=postgres_form(c.default, pg == "boolean"),
            generated=postgres_form(c.generated), identity_options=None))
    return replace(t, schema=settings.schema, columns=tuple(columns), reloptions=())


def _check_text(definition: str, boolean: bool) -> str:
    inner = definition[len("CHECK ("):-1] if definition.startswith("CHECK (") else definition
    return f"CHECK ({postgres_form(inner, boolean)})"


def _constraint(c: m.Constraint, schema: str, types: dict[tuple[str, str], str]
                ) -> m.Constraint:
    out = replace(c, schema=schema)
    if c.type == "check":
        boolean = len(c.columns) == 1 and types.get((c.table, c.columns[0])) == "boolean"
        return replace(out, definition=_check_text(c.definition, boolean))
    if c.type == "foreign key" and c.ref_table:
        ref = c.ref_table.split(".", 1)[1]
        return replace(out, ref_table=f"{schema}.{ref}", definition=keys_mod.fk_definition(
            c.columns, f"{printed(schema)}.{printed(ref)}", c.ref_columns,
            c.on_update or "no action", c.on_delete or "no action", c.deferrable, c.deferred))
    return out


def _index(i: m.Index, schema: str) -> m.Index:
    keys = tuple(postgres_form(k) or k for k in i.keys)
    predicate = postgres_form(i.predicate)
    return replace(i, schema=schema, keys=keys, predicate=predicate,
                   definition=keys_mod.index_definition(schema, i.table, i.name, i.unique,
                                                        keys, predicate, "btree"))


# ---------------------------------------------------------------- what both can say


def common_ground(catalog: m.Catalog) -> m.Catalog:
    """Only what both engines can express, in one spelling."""
    enums = {k.split(":", 1)[1]: e.labels for k, e in catalog.enums.items()}
    domains = {k.split(":", 1)[1]: d.base_type for k, d in catalog.domains.items()}
    tables, extra = [], []
    for t in catalog.tables.values():
        columns = []
        for c in t.columns:
            column, check = _column(t, c, enums, domains)
            columns.append(column)
            if check is not None and f"constraint:{t.schema}.{t.name}.{check.name}" \
                    not in catalog.constraints:
                extra.append(check)
        tables.append(replace(t, columns=tuple(columns), rls_enabled=False, rls_forced=False,
                              reloptions=(), unlogged=False, comment=None, owner=None,
                              acl=None))
    constraints = [replace(c, comment=None) for c in catalog.constraints.values()] + extra
    indexes = [replace(i, comment=None, keys=tuple(canonical_expr(k) or k for k in i.keys))
               for i in catalog.indexes.values()]
    views = [replace(v, definition="", columns=tuple((n, "") for n, _ in v.columns),
                     comment=None, owner=None, acl=None, options=())
             for v in catalog.views.values()]
    return m.Catalog.build(catalog.server_version, tables=tables, constraints=constraints,
                           indexes=indexes, views=views,
                           version_tables=catalog.version_tables.values())


_IDENTITY_TYPES = {"integer", "bigint", "smallint"}


def _column(t: m.Table, c: m.Column, enums: dict[str, tuple[str, ...]],
            domains: dict[str, str]) -> tuple[m.Column, m.Constraint | None]:
    ctype = c.type
    check = None
    bare = ctype if "." in ctype else f"{t.schema}.{ctype}"
    if bare in enums:
        labels = ", ".join("'" + v.replace("'", "''") + "'" for v in enums[bare])
        name = f"{t.name}_{c.name}_check"
        check = m.Constraint(t.schema, t.name, name, "check",
                             f"CHECK ({printed(c.name)} IN ({labels}))", columns=(c.name,))
        ctype = "text"
    elif bare in domains:
        ctype = domains[bare]
    ctype = types_mod.FOLDED.get(ctype, ctype)
    default, identity = same_now(c.default), c.identity
    if default is not None and default.startswith("nextval("):
        default, identity = None, "by default"
    not_null = c.not_null
    if identity is not None:  # never NULL: PostgreSQL says NOT NULL, SQLite's rowid is
        identity, not_null = "by default", True
        ctype = "bigint" if ctype in _IDENTITY_TYPES else ctype
    return replace(c, type=ctype, not_null=not_null, default=default, identity=identity,
                   identity_options=None, collation=None, comment=None, acl=None), check
