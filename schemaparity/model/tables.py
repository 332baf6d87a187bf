"""Model classes of tables and of what belongs to a table: columns, constraints, indexes,
triggers, policies and the rows of version tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from schemaparity.model.kind import (
    Command,
    ConstraintType,
    Enabled,
    FkAction,
    FkMatch,
    GeneratedKind,
    Identity,
    Kind,
    Level,
    TableKind,
    Timing,
)


@dataclass(frozen=True, slots=True)
class Column:
    SPEC: ClassVar[Kind] = Kind("column", "columns", section="tables", query="columns",
                                query_order=2, ident=("name",),
                                expressions=("default", "generated"),
                                sql_text=("type", "default", "generated"))
    KIND: ClassVar[str] = SPEC.name
    name: str
    position: int  # 1-based physical order among live columns
    type: str  # format_type() with typmod, schema-qualified for user types
    not_null: bool = False
    default: str | None = None
    identity: Identity | None = None
    identity_options: str | None = None  # "start=1 increment=1 min=1 max=... cache=1 cycle=false"
    generated: str | None = None  # expression of a generated column
    generated_kind: GeneratedKind | None = None
    collation: str | None = None  # only when it differs from the type's default
    comment: str | None = None
    acl: tuple[str, ...] | None = None
    depends: tuple[str, ...] = field(default=(), compare=False)  # DEPENDS in model/kind

    def summary(self) -> str:
        parts = [self.type]
        if self.not_null:
            parts.append("NOT NULL")
        if self.default is not None:
            parts.append(f"DEFAULT {self.default}")
        if self.identity:
            parts.append(f"GENERATED {self.identity.upper()} AS IDENTITY")
        if self.generated:
            parts.append(f"GENERATED ALWAYS AS ({self.generated})")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Table:
    SPEC: ClassVar[Kind] = Kind("table", "tables", attr="tables", section="tables",
                                query="tables", query_order=0, ident=("schema", "name"),
                                references=("partition_of", "inherits"))
    KIND: ClassVar[str] = SPEC.name
    schema: str
    name: str
    kind: TableKind = "table"
    columns: tuple[Column, ...] = ()
    partition_key: str | None = None  # e.g. "RANGE (created_at)"
    partition_of: str | None = None  # parent "schema.table" when this table is a partition
    partition_bound: str | None = None  # e.g. "FOR VALUES FROM (...) TO (...)"
    inherits: tuple[str, ...] = ()  # parents in inheritance order (not partitioning)
    unlogged: bool = False
    rls_enabled: bool = False
    rls_forced: bool = False
    reloptions: tuple[str, ...] = ()
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"table:{self.schema}.{self.name}"

    def column(self, name: str) -> Column | None:
        for col in self.columns:
            if col.name == name:
                return col
        return None

    def summary(self) -> str:
        n = len(self.columns)
        what = "partitioned table" if self.kind == "partitioned" else "table"
        return f"{what}, {n} column{'s' if n != 1 else ''}"


@dataclass(frozen=True, slots=True)
class Constraint:
    SPEC: ClassVar[Kind] = Kind("constraint", "constraints", attr="constraints",
                                section="constraints", query="constraints", query_order=3,
                                ident=("schema", "table", "name"), parent="table",
                                expressions=("definition",), sql_text=("definition",),
                                references=("ref_table",))
    KIND: ClassVar[str] = SPEC.name
    schema: str
    table: str
    name: str
    type: ConstraintType
    definition: str  # pg_get_constraintdef()
    columns: tuple[str, ...] = ()
    ref_table: str | None = None  # "schema.table" for foreign keys
    ref_columns: tuple[str, ...] = ()
    match: FkMatch | None = None
    on_update: FkAction | None = None
    on_delete: FkAction | None = None
    deferrable: bool = False
    deferred: bool = False
    validated: bool = True
    nulls_not_distinct: bool = False
    index: str | None = None  # name of the index that backs a PK/UNIQUE/EXCLUDE
    comment: str | None = None
    depends: tuple[str, ...] = field(default=(), compare=False)  # DEPENDS in model/kind

    @property
    def key(self) -> str:
        return f"constraint:{self.schema}.{self.table}.{self.name}"

    def summary(self) -> str:
        return " ".join(self.definition.split())


@dataclass(frozen=True, slots=True)
class Index:
    SPEC: ClassVar[Kind] = Kind("index", "indexes", attr="indexes", section="indexes",
                                query="indexes", query_order=1,
                                ident=("schema", "table", "name"), parent="table",
                                expressions=("predicate", "definition"),
                                sql_text=("definition",))
    KIND: ClassVar[str] = SPEC.name
    schema: str
    table: str
    name: str
    definition: str  # pg_get_indexdef()
    method: str
    unique: bool = False
    primary: bool = False
    keys: tuple[str, ...] = ()  # key columns or expressions, in order
    include: tuple[str, ...] = ()
    predicate: str | None = None
    nulls_not_distinct: bool = False
    constraint: str | None = None  # name of the constraint this index backs
    comment: str | None = None
    valid: bool = True  # pg_index.indisvalid: false after a failed CREATE INDEX CONCURRENTLY,
    # or on a partitioned table while a partition has no index attached to this one
    unattached: tuple[str, ...] = ()  # partitions ("schema.table") with no index attached
    depends: tuple[str, ...] = field(default=(), compare=False)  # DEPENDS in model/kind

    @property
    def key(self) -> str:
        # Index names are unique per schema; the table is part of the key so that
        # glob rules such as ``index:public.agents.*`` read naturally.
        return f"index:{self.schema}.{self.table}.{self.name}"

    def summary(self) -> str:
        text = " ".join(self.definition.split())
        return text if self.valid else f"{text} (invalid)"


@dataclass(frozen=True, slots=True)
class Trigger:
    SPEC: ClassVar[Kind] = Kind("trigger", "triggers", attr="triggers", section="triggers",
                                query="triggers", query_order=6,
                                ident=("schema", "table", "name"), parent="table",
                                expressions=("when", "definition"), sql_text=("definition",),
                                references=("function",))
    KIND: ClassVar[str] = SPEC.name
    schema: str
    table: str
    name: str
    timing: Timing
    events: tuple[str, ...]  # insert, update [of cols], delete, truncate
    level: Level
    function: str  # "schema.name"
    definition: str  # pg_get_triggerdef()
    when: str | None = None
    enabled: Enabled = "origin"
    constraint: bool = False
    deferrable: bool = False
    deferred: bool = False
    comment: str | None = None
    depends: tuple[str, ...] = field(default=(), compare=False)  # DEPENDS in model/kind

    @property
    def key(self) -> str:
        return f"trigger:{self.schema}.{self.table}.{self.name}"

    def summary(self) -> str:
        return " ".join(self.definition.split())


@dataclass(frozen=True, slots=True)
class Policy:
    SPEC: ClassVar[Kind] = Kind("policy", "policies", attr="policies", section="policies",
                                query="policies", query_order=4,
                                ident=("schema", "table", "name"), parent="table",
                                expressions=("using", "with_check"),
                                sql_text=("using", "with_check"))
    KIND: ClassVar[str] = SPEC.name
    schema: str
    table: str
    name: str
    command: Command
    permissive: bool = True
    roles: tuple[str, ...] = ("public",)
    using: str | None = None
    with_check: str | None = None
    comment: str | None = None
    depends: tuple[str, ...] = field(default=(), compare=False)  # DEPENDS in model/kind

    @property
    def key(self) -> str:
        return f"policy:{self.schema}.{self.table}.{self.name}"

    def summary(self) -> str:
        return f"{'permissive' if self.permissive else 'restrictive'} {self.command} policy"


@dataclass(frozen=True, slots=True)
class VersionTable:
    # read by a statement per matching table (``catalog.read``), not by a catalog query
    SPEC: ClassVar[Kind] = Kind("version_table", "version tables", attr="version_tables",
                                section="version tables", ident=("schema", "name"),
                                parent="name")
    KIND: ClassVar[str] = SPEC.name
    schema: str
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]  # text values, sorted

    @property
    def key(self) -> str:
        return f"version_table:{self.schema}.{self.name}"

    def summary(self) -> str:
        return self.KIND
