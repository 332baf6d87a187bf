"""Changes -> steps: one module per object kind, each turning its changes into steps.

The planner works from both catalogs (``a`` is the current schema, ``b`` the desired one) and
the diff between them, through a :class:`~schemaparity.plan.ops.builder.Builder`.
:data:`HANDLERS` maps each kind of change to its handler, in the order they run. Anything a
handler cannot do safely and exactly is an :class:`~schemaparity.plan.order.UnsupportedChange`
naming the object, never silently wrong SQL.

Modules: ``builder`` (options, builder, shared helpers), ``extensions`` (extensions, schemas,
renames, version tables), ``types`` (enums, domains, composites, collations), ``sequences``,
``tables``, ``columns``, ``backfill``, ``identity``, ``constraints``, ``indexes``, ``views``,
``functions``, ``triggers``, ``policies``. They import from ``builder`` and from each other,
never from this package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, PlanOptions
from schemaparity.plan.ops.columns import column_order, columns
from schemaparity.plan.ops.constraints import constraints
from schemaparity.plan.ops.event_triggers import event_triggers
from schemaparity.plan.ops.extensions import extensions, renames, schemas, version_tables
from schemaparity.plan.ops.functions import functions
from schemaparity.plan.ops.indexes import indexes
from schemaparity.plan.ops.policies import policies
from schemaparity.plan.ops.sequences import sequences
from schemaparity.plan.ops.tables import tables
from schemaparity.plan.ops.triggers import triggers
from schemaparity.plan.ops.types import collations, composites, domains, enums
from schemaparity.plan.ops.views import views

__all__ = ["HANDLERS", "Builder", "PlanOptions", "renames"]

Handler = Callable[[Builder, Iterable[Change]], None]

HANDLERS: dict[str, Handler] = {
    "extension": extensions, "schema": schemas, "enum": enums, "domain": domains,
    "composite": composites, "collation": collations, "sequence": sequences,
    "table": tables, "column": columns, "column_order": column_order,
    "constraint": constraints, "index": indexes, "view": views, "function": functions,
    "trigger": triggers, "event_trigger": event_triggers, "policy": policies,
    "version_table": version_tables,
}
