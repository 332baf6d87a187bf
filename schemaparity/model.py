"""The model: frozen dataclasses, one per object kind, identified by qualified name (never an OID).

Every object has a ``KIND`` and a ``key`` such as ``table:public.agents``,
``constraint:public.agents.agents_slug_key`` or ``function:public.f(integer,text)``.
A :class:`Catalog` holds one mapping per kind, each sorted by key. Nothing here talks to a
database or writes SQL; that is ``catalog/`` and ``plan/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, ClassVar


def qualname(*parts: str) -> str:
    """Dotted display name used inside keys: parts are joined as-is (no quoting)."""
    return ".".join(parts)


@dataclass(frozen=True, slots=True)
class Extension:
    KIND: ClassVar[str] = "extension"
    name: str
    version: str
    schema: str
    comment: str | None = None

    @property
    def key(self) -> str:
        return f"extension:{self.name}"


@dataclass(frozen=True, slots=True)
class Schema:
    KIND: ClassVar[str] = "schema"
    name: str
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"schema:{self.name}"


@dataclass(frozen=True, slots=True)
class Enum:
    KIND: ClassVar[str] = "enum"
    schema: str
    name: str
    labels: tuple[str, ...]
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"enum:{self.schema}.{self.name}"


@dataclass(frozen=True, slots=True)
class Domain:
    KIND: ClassVar[str] = "domain"
    schema: str
    name: str
    base_type: str
    not_null: bool = False
    default: str | None = None
    collation: str | None = None
    checks: tuple[tuple[str, str], ...] = ()  # (constraint name, definition), sorted by name
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"domain:{self.schema}.{self.name}"


@dataclass(frozen=True, slots=True)
class CompositeType:
    KIND: ClassVar[str] = "composite"
    schema: str
    name: str
    attributes: tuple[tuple[str, str, str | None], ...]  # (name, type, collation) in order
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"composite:{self.schema}.{self.name}"


@dataclass(frozen=True, slots=True)
class Collation:
    KIND: ClassVar[str] = "collation"
    schema: str
    name: str
    provider: str  # libc | icu | builtin
    locale: str | None = None
    lc_collate: str | None = None
    lc_ctype: str | None = None
    deterministic: bool = True
    comment: str | None = None
    owner: str | None = None

    @property
    def key(self) -> str:
        return f"collation:{self.schema}.{self.name}"


@dataclass(frozen=True, slots=True)
class Sequence:
    KIND: ClassVar[str] = "sequence"
    schema: str
    name: str
    data_type: str
    start: int
    increment: int
    min_value: int
    max_value: int
    cache: int
    cycle: bool
    owned_by: str | None = None  # "schema.table.column"
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"sequence:{self.schema}.{self.name}"


@dataclass(frozen=True, slots=True)
class Column:
    KIND: ClassVar[str] = "column"
    name: str
    position: int  # 1-based physical order among live columns
    type: str  # format_type() with typmod, schema-qualified for user types
    not_null: bool = False
    default: str | None = None
    identity: str | None = None  # "always" | "by default"
    identity_options: str | None = None  # "start=1 increment=1 min=1 max=... cache=1 cycle=false"
    generated: str | None = None  # expression of a generated column
    generated_kind: str | None = None  # "stored" | "virtual"
    collation: str | None = None  # only when it differs from the type's default
    comment: str | None = None
    acl: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Table:
    KIND: ClassVar[str] = "table"
    schema: str
    name: str
    kind: str = "table"  # table | partitioned
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


@dataclass(frozen=True, slots=True)
class Constraint:
    KIND: ClassVar[str] = "constraint"
    schema: str
    table: str
    name: str
    type: str  # primary key | unique | foreign key | check | exclude | trigger
    definition: str  # pg_get_constraintdef()
    columns: tuple[str, ...] = ()
    ref_table: str | None = None  # "schema.table" for foreign keys
    ref_columns: tuple[str, ...] = ()
    match: str | None = None  # simple | full | partial
    on_update: str | None = None  # no action | restrict | cascade | set null | set default
    on_delete: str | None = None
    deferrable: bool = False
    deferred: bool = False
    validated: bool = True
    nulls_not_distinct: bool = False
    index: str | None = None  # name of the index that backs a PK/UNIQUE/EXCLUDE
    comment: str | None = None

    @property
    def key(self) -> str:
        return f"constraint:{self.schema}.{self.table}.{self.name}"


@dataclass(frozen=True, slots=True)
class Index:
    KIND: ClassVar[str] = "index"
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

    @property
    def key(self) -> str:
        # Index names are unique per schema; the table is part of the key so that
        # glob rules such as ``index:public.agents.*`` read naturally.
        return f"index:{self.schema}.{self.table}.{self.name}"


@dataclass(frozen=True, slots=True)
class View:
    KIND: ClassVar[str] = "view"
    schema: str
    name: str
    definition: str
    materialized: bool = False
    options: tuple[str, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()  # (name, type) in order
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"view:{self.schema}.{self.name}"


@dataclass(frozen=True, slots=True)
class Function:
    KIND: ClassVar[str] = "function"
    schema: str
    name: str
    identity_args: str  # argument types only, comma separated without spaces after commas
    kind: str = "function"  # function | procedure | aggregate | window
    arguments: str = ""  # pg_get_function_arguments(): names, modes and defaults
    result: str | None = None
    language: str = "sql"
    volatility: str = "volatile"
    strict: bool = False
    security_definer: bool = False
    leakproof: bool = False
    parallel: str = "unsafe"
    settings: tuple[str, ...] = ()
    body: str = ""
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"function:{self.schema}.{self.name}({self.identity_args})"


@dataclass(frozen=True, slots=True)
class Trigger:
    KIND: ClassVar[str] = "trigger"
    schema: str
    table: str
    name: str
    timing: str  # before | after | instead of
    events: tuple[str, ...]  # insert, update [of cols], delete, truncate
    level: str  # row | statement
    function: str  # "schema.name"
    definition: str  # pg_get_triggerdef()
    when: str | None = None
    enabled: str = "origin"  # origin | disabled | replica | always
    constraint: bool = False
    deferrable: bool = False
    deferred: bool = False
    comment: str | None = None

    @property
    def key(self) -> str:
        return f"trigger:{self.schema}.{self.table}.{self.name}"


@dataclass(frozen=True, slots=True)
class Policy:
    KIND: ClassVar[str] = "policy"
    schema: str
    table: str
    name: str
    command: str  # all | select | insert | update | delete
    permissive: bool = True
    roles: tuple[str, ...] = ("public",)
    using: str | None = None
    with_check: str | None = None
    comment: str | None = None

    @property
    def key(self) -> str:
        return f"policy:{self.schema}.{self.table}.{self.name}"


@dataclass(frozen=True, slots=True)
class VersionTable:
    KIND: ClassVar[str] = "version_table"
    schema: str
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]  # text values, sorted

    @property
    def key(self) -> str:
        return f"version_table:{self.schema}.{self.name}"


# Kinds in the order the dump files present them; the attribute name on Catalog of each.
KINDS: tuple[tuple[str, type], ...] = (
    ("extensions", Extension),
    ("schemas", Schema),
    ("enums", Enum),
    ("domains", Domain),
    ("composites", CompositeType),
    ("collations", Collation),
    ("sequences", Sequence),
    ("tables", Table),
    ("constraints", Constraint),
    ("indexes", Index),
    ("views", View),
    ("functions", Function),
    ("triggers", Trigger),
    ("policies", Policy),
    ("version_tables", VersionTable),
)
KIND_CLASSES: dict[str, type] = {cls.KIND: cls for _, cls in KINDS}
KIND_ATTRS: dict[str, str] = {cls.KIND: attr for attr, cls in KINDS}


def _by_key(objs: Any) -> dict[str, Any]:
    return dict(sorted(((o.key, o) for o in objs), key=_first))  # each key computed once


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


@dataclass(frozen=True, slots=True)
class Catalog:
    """One database's schema: a mapping ``key -> object`` per kind, each sorted by key."""

    server_version: int  # major version, e.g. 15
    extensions: dict[str, Extension] = field(default_factory=dict)
    schemas: dict[str, Schema] = field(default_factory=dict)
    enums: dict[str, Enum] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    composites: dict[str, CompositeType] = field(default_factory=dict)
    collations: dict[str, Collation] = field(default_factory=dict)
    sequences: dict[str, Sequence] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    constraints: dict[str, Constraint] = field(default_factory=dict)
    indexes: dict[str, Index] = field(default_factory=dict)
    views: dict[str, View] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    triggers: dict[str, Trigger] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    version_tables: dict[str, VersionTable] = field(default_factory=dict)
    row_counts: dict[str, int | None] | None = None  # table key -> rows, when asked
    row_count_mode: str | None = None  # exact | estimate

    @classmethod
    def build(cls, server_version: int, **kinds: Any) -> Catalog:
        """Make a catalog from iterables of objects per kind, sorting each by key."""
        extra = {k: kinds.pop(k) for k in ("row_counts", "row_count_mode") if k in kinds}
        counts = extra.get("row_counts")
        if counts is not None:
            extra["row_counts"] = dict(sorted(counts.items()))
        return cls(
            server_version=server_version,
            **{attr: _by_key(kinds.get(attr, ())) for attr, _ in KINDS},
            **extra,
        )

    def objects(self) -> dict[str, dict[str, Any]]:
        """The per-kind mappings, keyed by attribute name, in presentation order."""
        return {attr: getattr(self, attr) for attr, _ in KINDS}

    def get(self, key: str) -> Any:
        kind = key.split(":", 1)[0]
        attr = KIND_ATTRS.get(kind)
        return None if attr is None else getattr(self, attr).get(key)

    def __len__(self) -> int:
        return sum(len(getattr(self, attr)) for attr, _ in KINDS)


def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))
