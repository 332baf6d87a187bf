"""Columns of inheritance children and partitions: what ALTER TABLE on a parent already does.

PostgreSQL recurses a parent's ADD COLUMN, DROP COLUMN, ALTER COLUMN TYPE, SET / DROP DEFAULT
and SET / DROP NOT NULL into every child and partition. The diff shows the same change on each
of them; the planner makes it once, on the topmost table that changes, and leaves the rest to
the server (a second ADD COLUMN fails with "already exists", an ALTER of an inherited column
with "cannot alter inherited column").
"""

from __future__ import annotations

from dataclasses import replace

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, H
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Hazard, Phase

# the attributes of a column whose change on a parent reaches its children
RECURSING = {"type", "collation", "default", "not_null"}


def parents(t: m.Table) -> tuple[str, ...]:
    """The tables ``t`` takes columns from ("schema.table")."""
    return (t.partition_of,) if t.partition_of else t.inherits


def from_parent(bl: Builder, by_key: dict[str, Change], schema: str, table: str,
                name: str) -> Change | None:
    """The change of column ``name`` on the nearest ancestor of ``schema.table`` that both
    sides keep as its ancestor, when the ancestor's change reaches this table."""
    ta = bl.a.tables.get(f"table:{schema}.{table}")
    tb = bl.b.tables.get(f"table:{schema}.{table}")
    if ta is None or tb is None:
        return None
    for p in parents(ta):
        pt = bl.a.tables.get(f"table:{p}")
        if p not in parents(tb) or pt is None:
            continue  # an inheritance that comes or goes in this plan
        change = by_key.get(f"column:{pt.schema}.{pt.name}.{name}")
        if change is not None:
            return change
        up = from_parent(bl, by_key, pt.schema, pt.name, name)
        if up is not None:
            return up
    return None


def inherited_add(bl: Builder, t: m.Table, col: m.Column, parent: Change) -> None:
    """A column the parent's ADD COLUMN gives ``t``: only what differs from the parent's."""
    key = f"column:{t.schema}.{t.name}.{col.name}"
    pt = bl.b.tables.get("table:" + parent.name.removesuffix(f".{col.name}"))
    pcol = pt.column(col.name) if pt is not None else None
    if pcol is not None and col.default is not None and pcol.default != col.default:
        bl.add(Phase.CREATE, "column", "set_default", key,
               sql("column/set_default", t=t, c=col), needs=(t.key, parent.key),
               lock=bl.live(t.schema, t.name, "ACCESS EXCLUSIVE"))
    if col.comment is not None:
        bl.comment("COLUMN", (t.schema, t.name, col.name), key, col.comment,
                   needs=(parent.key,))


def inherited_drop(bl: Builder, by_key: dict[str, Change], t: m.Table, col: m.Column,
                   parent: Change) -> None:
    """A column the parent's DROP COLUMN takes from ``t``, unless ``t`` defines it too (a
    table that was given INHERIT keeps its own columns): ``DROP COLUMN IF EXISTS`` after."""
    key = f"column:{t.schema}.{t.name}.{col.name}"
    bl.add(Phase.CONTRACT, "column", "drop_inherited", key,
           sql("column/drop_inherited", t=t, c=col), provides=(key,),
           depends_on=(_drop_id(bl, by_key, parent, col.name),),
           hazards=(H(Hazard.DELETES_DATA, f"column {col.name} and its values are gone"),),
           lock="ACCESS EXCLUSIVE")


def _drop_id(bl: Builder, by_key: dict[str, Change], parent: Change, name: str) -> str:
    """The id of the step that drops the parent's column."""
    pt = bl.a.tables.get("table:" + parent.name.removesuffix(f".{name}"))
    up = from_parent(bl, by_key, pt.schema, pt.name, name) if pt is not None else None
    action = "drop_inherited" if up is not None and up.op == "removed" else "drop"
    return f"{Phase.CONTRACT.value}.column.{action}:{parent.name}"


def not_recursed(c: Change, parent: Change) -> Change:
    """``c`` without the attribute changes the parent's ALTER already makes on this table."""
    done = {d.path: d.right for d in parent.details if d.path in RECURSING}
    return replace(c, details=tuple(d for d in c.details
                                    if d.path not in done or done[d.path] != d.right))

