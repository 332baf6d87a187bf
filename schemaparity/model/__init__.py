"""The model: frozen dataclasses, one per object kind, identified by qualified name (never an OID).

Every object has a ``KIND`` and a ``key`` such as ``table:public.agents``,
``constraint:public.agents.agents_slug_key`` or ``function:public.f(integer,text)``.
A :class:`Catalog` holds one mapping per kind, each sorted by key. Nothing here talks to a
database or writes SQL; that is ``catalog/`` and ``plan/``.

Each class declares what the rest of schemaparity needs to know of its kind in ``SPEC``
(a :class:`Kind`: report title, text dump section, catalog query, expression fields, parent
table...), and :data:`REGISTRY` lists every kind in presentation order. Adding a kind: its
class here (``objects`` or ``tables``), its place in ``REGISTRY`` and ``Catalog``, its query
in ``catalog/queries`` and converter in ``catalog/build.py``, its planner handler, a
``tests/cases/<kind>_*`` folder; ``tests/test_kinds.py`` names whatever is missing.
"""

from schemaparity.model.catalog import (
    CLASSES,
    COLUMN_ORDER,
    KIND_ATTRS,
    KIND_CLASSES,
    KINDS,
    REGISTRY,
    Catalog,
)
from schemaparity.model.kind import DEPENDS, Kind
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
from schemaparity.model.plain import json_fields, object_to_dict, plain
from schemaparity.model.tables import (
    Column,
    Constraint,
    Index,
    Policy,
    Table,
    Trigger,
    VersionTable,
)

__all__ = [
    "CLASSES", "COLUMN_ORDER", "DEPENDS", "KINDS", "KIND_ATTRS", "KIND_CLASSES", "REGISTRY",
    "Catalog", "Collation", "Column", "CompositeType", "Constraint", "Domain", "Enum",
    "EventTrigger", "Extension",
    "Function", "Index", "Kind", "Policy", "Schema", "Sequence", "Table", "Trigger", "View",
    "VersionTable", "json_fields", "object_to_dict", "plain",
]
