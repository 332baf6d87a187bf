"""The registry of object kinds, and :class:`Catalog`: one database's schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemaparity.model.kind import Kind, RowCountMode
from schemaparity.model.objects import (
    Collation,
    CompositeType,
    Domain,
    Enum,
    EventTrigger,
    Extension,
    Function,
    Schema,
    Sequence,
    View,
)
from schemaparity.model.tables import (
    Column,
    Constraint,
    Index,
    Policy,
    Table,
    Trigger,
    VersionTable,
)

# A change of column order is a kind of change of its own, though no object.
COLUMN_ORDER = Kind("column_order", "column order")

# Every kind in presentation order (dump files, diffs, reports): columns and their order
# come right after tables.
REGISTRY: tuple[Kind, ...] = (
    Extension.SPEC, Schema.SPEC, Enum.SPEC, Domain.SPEC, CompositeType.SPEC, Collation.SPEC,
    Sequence.SPEC, Table.SPEC, Column.SPEC, COLUMN_ORDER, Constraint.SPEC, Index.SPEC,
    View.SPEC, Function.SPEC, Trigger.SPEC, EventTrigger.SPEC, Policy.SPEC, VersionTable.SPEC,
)
# The model class of each kind that is an object (all but column_order).
CLASSES: dict[str, type] = {cls.KIND: cls for cls in (
    Extension, Schema, Enum, Domain, CompositeType, Collation, Sequence, Table, Column,
    Constraint, Index, View, Function, Trigger, EventTrigger, Policy, VersionTable)}
# The kinds a Catalog holds, in presentation order: (Catalog attribute, model class).
KINDS: tuple[tuple[str, type], ...] = tuple(
    (k.attr, CLASSES[k.name]) for k in REGISTRY if k.attr is not None)
KIND_CLASSES: dict[str, type] = {cls.KIND: cls for _, cls in KINDS}
KIND_ATTRS: dict[str, str] = {cls.KIND: attr for attr, cls in KINDS}


def _by_key(objs: Any) -> dict[str, Any]:
    if objs.__class__ is dict:  # already keyed, {key: object}: no two keys alike
        keys = sorted(objs)  # one sort (linear when in order already, as a dump's kinds are)
        if keys == list(objs):  # copied, not re-made pair by pair
            return objs.copy()
        return {k: objs[k] for k in keys}
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
    event_triggers: dict[str, EventTrigger] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    version_tables: dict[str, VersionTable] = field(default_factory=dict)
    row_counts: dict[str, int | None] | None = None  # table key -> rows, when asked
    row_count_mode: RowCountMode | None = None
    engine: str | None = None  # None: PostgreSQL; else "<engine> <version>", e.g. "sqlite 3.40.1"

    @classmethod
    def build(cls, server_version: int, **kinds: Any) -> Catalog:
        """Make a catalog from iterables of objects per kind (or dicts of them by key),
        sorting each by key."""
        extra = {k: kinds.pop(k) for k in ("row_counts", "row_count_mode", "engine")
                 if k in kinds}
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
