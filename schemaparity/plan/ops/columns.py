"""Columns: added (nullable first, then backfilled and made NOT NULL when they must be),
dropped, and altered attribute by attribute (generated, identity, type, default, NOT NULL)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import SimpleNamespace

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.backfill import backfill, not_null, rule_for
from schemaparity.plan.ops.builder import Builder, H, only, split_column_key
from schemaparity.plan.ops.enum_swap import between_enums
from schemaparity.plan.ops.identity import IdentityOptions
from schemaparity.plan.ops.inheritance import (
    from_parent,
    inherited_add,
    inherited_drop,
    not_recursed,
)
from schemaparity.plan.ops.narrowing import TypeText, dollar_tag, narrowing
from schemaparity.plan.order import MissingBackfill, UnsupportedChange
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Hazard, HazardNote, Phase

VOLATILE = re.compile(r"\b(nextval|gen_random_uuid|uuid_generate_v\d\w*|random|clock_timestamp"
                      r"|timeofday)\s*\(", re.I)
ALTERABLE = {"type", "collation", "not_null", "default", "identity", "identity_options",
             "generated", "generated_kind", "comment", "acl"}
REWRITE = H(Hazard.ACCESS_EXCLUSIVE_LOCK, "for the whole rewrite")
LOCK = "ACCESS EXCLUSIVE"  # what every ALTER COLUMN below takes (a test reads pg_locks)


def column_ctx(col: m.Column) -> SimpleNamespace:
    """What ``table/create`` and ``column/add`` need of a column, as attributes (a template
    reads ``c.name`` of a dict only after ``getattr`` failed: twice the cost of a render)."""
    return SimpleNamespace(
        name=col.name, type=col.type, collation=col.collation, generated=col.generated,
        generated_kind=col.generated_kind or "stored", identity=col.identity,
        identity_options=IdentityOptions.of(col), default=col.default, not_null=col.not_null)


def columns(bl: Builder, changes: Iterable[Change]) -> None:
    # every column change of the plan, for a child's parent; ``changes`` itself is consumed
    # one at a time, so that a refused change lets the handler go on with the rest
    by_key = {c.key: c for c in bl.d.changes if c.kind == "column"}
    for c in changes:
        schema, table, name = split_column_key(bl, c.key)
        t_new = bl.b.tables.get(f"table:{schema}.{table}")
        t_old = bl.a.tables.get(f"table:{schema}.{table}")
        parent = from_parent(bl, by_key, schema, table, name)  # inheritance, partitions
        if parent is not None and parent.op == c.op and c.op in ("added", "removed"):
            if c.op == "added":
                assert t_new is not None and (col := t_new.column(name)) is not None
                inherited_add(bl, t_new, col, parent)
            else:
                assert t_old is not None and (col := t_old.column(name)) is not None
                inherited_drop(bl, by_key, t_old, col, parent)
            continue  # the parent's ADD / DROP COLUMN reaches this table
        if parent is not None and parent.op == c.op == "changed":
            c = not_recursed(c, parent)
            if not c.details:
                continue
        if c.op == "added":
            assert t_new is not None
            add_column(bl, t_new, t_new.column(name))
        elif c.op == "removed":
            assert t_old is not None
            col = t_old.column(name)
            bl.add(Phase.CONTRACT, "column", "drop", c.key, sql("column/drop", t=t_old, c=col),
                   provides=(c.key,), needs=(t_old.key, *bl.type_refs(col.type)),
                   hazards=(H(Hazard.DELETES_DATA, f"column {name} and its values are gone"),),
                   lock="ACCESS EXCLUSIVE")
        elif c.op == "changed":
            assert t_old is not None and t_new is not None
            alter_column(bl, c, t_new, t_old.column(name), t_new.column(name))


def column_order(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        raise UnsupportedChange(
            f"{c.key}: columns are in another order; PostgreSQL cannot reorder columns in "
            "place. Recreate the table by hand, or compare with --column-order ignore")


def rewrites_on_add(bl: Builder, col: m.Column) -> bool:
    """Whether ``ADD COLUMN`` rewrites the table: a volatile default (a known volatile call, or
    a function of the target declared VOLATILE), an identity or generated column, or a domain
    with CHECK constraints (checked on every row: PostgreSQL before 18 rewrites for it)."""
    if col.generated or col.identity:
        return True
    if col.default is not None and (VOLATILE.search(col.default) or any(
            getattr(bl.b.functions.get(ref), "volatility", "") == "volatile"
            for ref in bl.refs(col.default) if ref.startswith("function:"))):
        return True
    return any(bl.b.domains[ref].checks for ref in bl.type_refs(col.type)
               if ref in bl.b.domains)


def add_column(bl: Builder, t: m.Table, col: m.Column | None) -> None:
    assert col is not None
    key = f"column:{t.schema}.{t.name}.{col.name}"
    ctx = column_ctx(col)
    needs = (t.key, *bl.type_refs(col.type), *bl.refs(col.default, col.generated))
    rule = rule_for(bl, t, col)
    simple = (col.generated or col.identity or not col.not_null or
              (col.default is not None and rule is None))
    if simple:
        hazards: tuple[HazardNote, ...] = ()
        if rewrites_on_add(bl, col):
            hazards = (H(Hazard.TABLE_REWRITE, "a volatile default, identity or generated "
                                               "column, or a domain with constraints, "
                                               "fills or checks every row"), REWRITE)
        bl.add(Phase.CREATE, "column", "add", key,
               sql("column/add", t=t, c=ctx, default=col.default, not_null=col.not_null,
                   options=IdentityOptions.of(col)),
               provides=(key,), needs=needs, hazards=hazards,
               lock="ACCESS EXCLUSIVE")
    else:
        if rule is None:
            raise MissingBackfill(
                f"{key} is added NOT NULL without a default: give a backfill rule "
                f"(--backfill {t.schema}.{t.name}.{col.name}=EXPR or [schemaparity.plan.backfill])"
                ", or a default", f"{t.schema}.{t.name}.{col.name}")
        add = bl.add(Phase.CREATE, "column", "add", key,
                     sql("column/add", t=t, c=ctx, default=None, not_null=False, options=None),
                     provides=(key,), needs=needs, lock="ACCESS EXCLUSIVE")
        fill = backfill(bl, t, col, key, rule, add.id)
        not_null(bl, t, col, key, fill)
        if col.default is not None:
            bl.add(Phase.CONSTRAIN, "column", "set_default", key,
                   sql("column/set_default", t=t, c=col), needs=(key,), lock=LOCK)
    if col.comment is not None:
        bl.comment("COLUMN", (t.schema, t.name, col.name), key, col.comment)


def alter_column(bl: Builder, c: Change, t: m.Table, old: m.Column | None,
                 new: m.Column | None) -> None:
    assert old is not None and new is not None
    paths = {x.path for x in c.details}
    only(c, ALTERABLE)
    if "generated" in paths or "generated_kind" in paths:
        _generated(bl, c.key, t, old, new)
    _identity(bl, c.key, t, old, new, paths)
    type_change = paths & {"type", "collation"}
    typed = _type(bl, c.key, t, old, new, paths) if type_change else ()
    if ("default" in paths or (type_change and old.default is not None)) and not new.identity:
        if new.default is not None:
            bl.add(Phase.CREATE, "column", "set_default", c.key,
                   sql("column/set_default", t=t, c=new), depends_on=typed,
                   needs=(t.key, *bl.refs(new.default)), lock=LOCK)
        elif "default" in paths:
            bl.add(Phase.CREATE, "column", "drop_default", c.key,
                   sql("column/drop_default", t=t, c=new), lock=LOCK)
    if "not_null" in paths:
        _not_null(bl, c.key, t, new)
    if "comment" in paths:
        bl.comment("COLUMN", (t.schema, t.name, new.name), t.key, new.comment)


def _generated(bl: Builder, key: str, t: m.Table, old: m.Column, new: m.Column) -> None:
    if old.generated and not new.generated:
        bl.add(Phase.CREATE, "column", "drop_expression", key,
               sql("column/drop_expression", t=t, c=new), lock=LOCK)
    else:
        raise UnsupportedChange(f"{key}: changing a generated expression means dropping and"
                                " re-adding the column; do it by hand")


def _identity(bl: Builder, key: str, t: m.Table, old: m.Column, new: m.Column,
              paths: set[str]) -> None:
    options = IdentityOptions.of(new)
    if "identity" in paths:
        if old.identity and not new.identity:
            bl.add(Phase.CREATE, "column", "drop_identity", key,
                   sql("column/drop_identity", t=t, c=new), lock=LOCK)
        elif new.identity and not old.identity:
            if old.default is not None:
                bl.add(Phase.CREATE, "column", "drop_default", key,
                       sql("column/drop_default", t=t, c=new), lock=LOCK)
            _add_identity(bl, key, t, old, new)
        else:
            bl.add(Phase.CREATE, "column", "set_identity", key,
                   sql("column/set_identity", t=t, c=new, options=options), lock=LOCK)
    elif "identity_options" in paths and new.identity:
        bl.add(Phase.CREATE, "column", "set_identity", key,
               sql("column/set_identity", t=t, c=new, options=options), lock=LOCK)


def _add_identity(bl: Builder, key: str, t: m.Table, old: m.Column, new: m.Column) -> None:
    """ADD GENERATED AS IDENTITY; PostgreSQL refuses it on a nullable column, and an identity
    fills no existing row: a nullable one is made NOT NULL first (rows holding NULL stop the
    plan in its pre-check, unless a backfill rule fills them)."""
    options = IdentityOptions.of(new)
    after: tuple[str, ...] = ()
    if not old.not_null:
        rule = rule_for(bl, t, new) or "NULL"
        after = (not_null(bl, t, new, key, backfill(bl, t, new, key, rule, None)),)
    bl.add(Phase.CONSTRAIN if after else Phase.CREATE, "column", "add_identity", key,
           sql("column/add_identity", t=t, c=new, options=options), depends_on=after,
           lock=LOCK)


def _type(bl: Builder, key: str, t: m.Table, old: m.Column, new: m.Column,
          paths: set[str]) -> tuple[str, ...]:
    """ALTER COLUMN TYPE (its default dropped first); returns the id of the step."""
    dropped: tuple[str, ...] = ()
    if old.default is not None and "identity" not in paths:
        dropped = (bl.add(Phase.CREATE, "column", "drop_default", key,
                          sql("column/drop_default", t=t, c=old), lock=LOCK).id,)
    via_text = between_enums(bl, old.type, new.type)  # no cast between two enums
    fit = narrowing(old.type, new.type) if "type" in paths and not via_text else None
    cast = "the assignment cast" if fit is not None and fit.assign else "USING a cast"
    hazards = (H(Hazard.TABLE_REWRITE, f"{old.type} -> {new.type} ({cast}; some casts "
                                       "are free, most rewrite)"), REWRITE)
    if fit is not None:
        checked = " (counted under the lock first)" if fit.guard else ""
        hazards += (H(Hazard.MAY_FAIL, f"{old.type} -> {new.type}: {fit.why}{checked}"),)
    if via_text:
        text = sql("enum/column_type", t=t, c=new)
    else:
        text = sql("column/type", t=t, c=new, fit=fit, old_type=old.type,
                   unbounded=TypeText.parse(new.type).unbounded,
                   tag=dollar_tag("fit", t.schema, t.name, new.name))
    return (bl.add(Phase.CREATE, "column", "type", key, text, depends_on=dropped,
                   needs=(t.key, *bl.type_refs(new.type)), hazards=hazards,
                   lock="ACCESS EXCLUSIVE").id,)


def _not_null(bl: Builder, key: str, t: m.Table, new: m.Column) -> None:
    if new.not_null and not new.identity:
        rule = rule_for(bl, t, new) or new.default
        if rule is None:
            raise MissingBackfill(
                f"{key} becomes NOT NULL and has no default: give a backfill rule "
                f"(--backfill {t.schema}.{t.name}.{new.name}=EXPR or "
                "[schemaparity.plan.backfill]) so rows holding NULL get a value",
                f"{t.schema}.{t.name}.{new.name}")
        fill = backfill(bl, t, new, key, rule, None)
        not_null(bl, t, new, key, fill)
    elif not new.not_null:
        bl.add(Phase.CREATE, "column", "drop_not_null", key,
               sql("column/drop_not_null", t=t, c=new), lock=LOCK)
