"""What each kind of object declares about itself, and the closed sets of values its fields
take (as ``Literal`` types: a dump is checked against them when it is loaded)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of object as the rest of schemaparity needs to know it. Each model class
    declares its own as ``SPEC``; :data:`schemaparity.model.REGISTRY` lists them in order."""

    name: str  # the key's prefix and the diff's kind: "table"
    title: str  # what reports call a group of them: "tables"
    attr: str | None = None  # the Catalog mapping that holds them; None: held inside another
    # object (columns), or a change that is not an object (column order)
    section: str | None = None  # the [section] of the text dump their lines go to
    query: str | None = None  # catalog/queries/<query>.sql reads them
    query_order: int | None = None  # when that query starts in a snapshot (0 first)
    ident: tuple[str, ...] = ()  # the fields that name one, in the key's order
    parent: str | None = None  # the field that, with ``schema``, names the table it is part of
    expressions: tuple[str, ...] = ()  # SQL expressions (or (name, SQL) pairs), compared in
    # canonical form
    sql_text: tuple[str, ...] = ()  # server-rendered SQL whose qualified names follow renames
    references: tuple[str, ...] = ()  # dotted names of other objects, which follow renames


# ``depends`` (extensions, domains, sequences, views, functions, columns, constraints,
# indexes, triggers, policies): the keys of what PostgreSQL records the object depends on
# (pg_depend, read by catalog/queries/dependencies.sql), sorted, without the object itself
# and its own table. Planning data (the planner orders steps by it, with the names it finds
# in definitions): never a difference by itself, so it takes no part in ``==`` and the differ
# skips it; a dump written before it existed loads without it (the planner then has the
# names only).
DEPENDS = "depends"

TableKind = Literal["table", "partitioned"]
Identity = Literal["always", "by default"]
GeneratedKind = Literal["stored", "virtual"]
CollationProvider = Literal["libc", "icu", "builtin", "default"]
ConstraintType = Literal["primary key", "unique", "foreign key", "check", "exclude"]
FkMatch = Literal["simple", "full", "partial"]
FkAction = Literal["no action", "restrict", "cascade", "set null", "set default"]
FunctionKind = Literal["function", "procedure", "aggregate", "window"]
Volatility = Literal["immutable", "stable", "volatile"]
Parallel = Literal["safe", "restricted", "unsafe"]
Timing = Literal["before", "after", "instead of"]
Level = Literal["row", "statement"]
Enabled = Literal["origin", "disabled", "replica", "always"]
Command = Literal["all", "select", "insert", "update", "delete"]
RowCountMode = Literal["exact", "estimate"]
