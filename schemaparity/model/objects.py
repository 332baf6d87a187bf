"""Model classes of the objects that live in a schema on their own: extensions, schemas,
types, sequences, views and functions (tables and what hangs on them: :mod:`.tables`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from schemaparity.model.kind import (
    CollationProvider,
    Enabled,
    FunctionKind,
    Kind,
    Parallel,
    Volatility,
)


@dataclass(frozen=True, slots=True)
class Extension:
    SPEC: ClassVar[Kind] = Kind("extension", "extensions", attr="extensions",
                                section="extensions", query="extensions", query_order=14,
                                ident=("name",))
    KIND: ClassVar[str] = SPEC.name
    name: str
    version: str
    schema: str
    comment: str | None = None
    depends: tuple[str, ...] = field(default=(), compare=False)  # DEPENDS in model/kind

    @property
    def key(self) -> str:
        return f"extension:{self.name}"

    def summary(self) -> str:
        return f"extension {self.version}"


@dataclass(frozen=True, slots=True)
class Schema:
    SPEC: ClassVar[Kind] = Kind("schema", "schemas", attr="schemas", section="schemas",
                                query="schemas", query_order=13, ident=("name",))
    KIND: ClassVar[str] = SPEC.name
    name: str
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"schema:{self.name}"

    def summary(self) -> str:
        return self.KIND


@dataclass(frozen=True, slots=True)
class Enum:
    SPEC: ClassVar[Kind] = Kind("enum", "enums", attr="enums", section="types", query="enums",
                                query_order=10, ident=("schema", "name"))
    KIND: ClassVar[str] = SPEC.name
    schema: str
    name: str
    labels: tuple[str, ...]
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"enum:{self.schema}.{self.name}"

    def summary(self) -> str:
        return "enum (" + ", ".join(self.labels) + ")"


@dataclass(frozen=True, slots=True)
class Domain:
    SPEC: ClassVar[Kind] = Kind("domain", "domains", attr="domains", section="types",
                                query="domains", query_order=9, ident=("schema", "name"),
                                expressions=("default", "checks"))
    KIND: ClassVar[str] = SPEC.name
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
    depends: tuple[str, ...] = field(default=(), compare=False)  # DEPENDS in model/kind

    @property
    def key(self) -> str:
        return f"domain:{self.schema}.{self.name}"

    def summary(self) -> str:
        return f"domain over {self.base_type}"


@dataclass(frozen=True, slots=True)
class CompositeType:
    SPEC: ClassVar[Kind] = Kind("composite", "composite types", attr="composites",
                                section="types", query="composites", query_order=8,
                                ident=("schema", "name"))
    KIND: ClassVar[str] = SPEC.name
    schema: str
    name: str
    attributes: tuple[tuple[str, str, str | None], ...]  # (name, type, collation) in order
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return f"composite:{self.schema}.{self.name}"

    def summary(self) -> str:
        return self.KIND


@dataclass(frozen=True, slots=True)
class Collation:
    SPEC: ClassVar[Kind] = Kind("collation", "collations", attr="collations", section="types",
                                query="collations", query_order=12, ident=("schema", "name"))
    KIND: ClassVar[str] = SPEC.name
    schema: str
    name: str
    provider: CollationProvider
    locale: str | None = None
    lc_collate: str | None = None
    lc_ctype: str | None = None
    deterministic: bool = True
    comment: str | None = None
    owner: str | None = None

    @property
    def key(self) -> str:
        return f"collation:{self.schema}.{self.name}"

    def summary(self) -> str:
        return self.KIND


@dataclass(frozen=True, slots=True)
class Sequence:
    SPEC: ClassVar[Kind] = Kind("sequence", "sequences", attr="sequences", section="sequences",
                                query="sequences", query_order=11, ident=("schema", "name"),
                                references=("owned_by",))
    KIND: ClassVar[str] = SPEC.name
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
    depends: tuple[str, ...] = field(default=(), compare=False)  # DEPENDS in model/kind

    @property
    def key(self) -> str:
        return f"sequence:{self.schema}.{self.name}"

    def summary(self) -> str:
        return f"sequence {self.data_type}"


@dataclass(frozen=True, slots=True)
class View:
    SPEC: ClassVar[Kind] = Kind("view", "views", attr="views", section="views", query="views",
                                query_order=5, ident=("schema", "name"),
                                expressions=("definition",), sql_text=("definition",))
    KIND: ClassVar[str] = SPEC.name
    schema: str
    name: str
    definition: str
    materialized: bool = False
    options: tuple[str, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()  # (name, type) in order
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None
    depends: tuple[str, ...] = field(default=(), compare=False)  # DEPENDS in model/kind

    @property
    def key(self) -> str:
        return f"view:{self.schema}.{self.name}"

    def summary(self) -> str:
        return " ".join(self.definition.split())


@dataclass(frozen=True, slots=True)
class Function:
    SPEC: ClassVar[Kind] = Kind("function", "functions", attr="functions", section="functions",
                                query="functions", query_order=7,
                                ident=("schema", "name", "identity_args"))
    KIND: ClassVar[str] = SPEC.name
    schema: str
    name: str
    identity_args: str  # argument types only, comma separated without spaces after commas
    kind: FunctionKind = "function"
    arguments: str = ""  # pg_get_function_arguments(): names, modes and defaults
    result: str | None = None
    language: str = "sql"
    volatility: Volatility = "volatile"
    strict: bool = False
    security_definer: bool = False
    leakproof: bool = False
    parallel: Parallel = "unsafe"
    settings: tuple[str, ...] = ()
    body: str = ""
    comment: str | None = None
    owner: str | None = None
    acl: tuple[str, ...] | None = None
    depends: tuple[str, ...] = field(default=(), compare=False)  # DEPENDS in model/kind

    @property
    def key(self) -> str:
        return f"function:{self.schema}.{self.name}({self.identity_args})"

    def summary(self) -> str:
        return f"{self.kind} returning {self.result}" if self.result else self.kind


@dataclass(frozen=True, slots=True)
class EventTrigger:
    """A database-wide trigger on DDL (no schema: its key is its name). A dump holds those
    whose function's schema the schema filters let through, as it holds that function."""

    SPEC: ClassVar[Kind] = Kind("event_trigger", "event triggers", attr="event_triggers",
                                section="triggers", query="event_triggers", query_order=15,
                                ident=("name",), references=("function",))
    KIND: ClassVar[str] = SPEC.name
    name: str
    event: str  # ddl_command_start, ddl_command_end, sql_drop, table_rewrite, login
    tags: tuple[str, ...]  # the WHEN TAG IN filter, sorted; () fires on every command
    function: str  # "schema.name"
    enabled: Enabled = "origin"
    comment: str | None = None
    owner: str | None = None

    @property
    def key(self) -> str:
        return f"event_trigger:{self.name}"

    def summary(self) -> str:
        tags = f" when tag in ({', '.join(self.tags)})" if self.tags else ""
        return f"event trigger on {self.event}{tags}"
