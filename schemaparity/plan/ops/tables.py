"""Tables: created with everything that hangs on them, dropped (or archived) last, and
altered in place (partitions, inheritance, logging, row-level security, storage options)."""

from __future__ import annotations

from collections.abc import Iterable

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, H, only
from schemaparity.plan.ops.columns import column_ctx
from schemaparity.plan.ops.constraints import (
    add_constraint,
    drop_constraint,
    fk_cycle_constraints,
)
from schemaparity.plan.ops.indexes import add_index
from schemaparity.plan.ops.narrowing import dollar_tag
from schemaparity.plan.ops.policies import add_policy
from schemaparity.plan.ops.triggers import add_trigger
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import NO_LOCK, Hazard, HazardNote, Phase

ALTERABLE = {"partition_of", "partition_bound", "inherits", "unlogged", "rls_enabled",
             "rls_forced", "reloptions", "comment", "owner", "acl"}
ARCHIVE_SCHEMA = "archive"  # where --archive moves the tables it would drop
RLS = H(Hazard.AUTHZ_CHANGE, "row-level security changes who sees rows")


def tables(bl: Builder, changes: Iterable[Change]) -> None:
    cycle: set[str] | None = None
    for c in changes:
        if c.op == "added":
            create_table(bl, bl.b.tables[c.key])
        elif c.op == "removed":
            cycle = fk_cycle_constraints(bl) if cycle is None else cycle
            drop_table(bl, bl.a.tables[c.key], cycle)
        elif c.op == "changed":
            alter_table(bl, c, bl.a.tables[c.key], bl.b.tables[c.key])


def _create_needs(bl: Builder, t: m.Table) -> tuple[str, ...]:
    needs: list[str] = [f"schema:{t.schema}"]
    for col in t.columns:
        needs += bl.type_refs(col.type)
        needs += bl.refs(col.default, col.generated)
        if col.collation:
            needs.append(f"collation-name:{col.collation}")
    if t.partition_of:
        needs.append(f"table:{t.partition_of}")
    needs += [f"table:{p}" for p in t.inherits]
    return tuple(k for k in dict.fromkeys(needs) if k != t.key)


def _create_lock(bl: Builder, t: m.Table) -> str:
    """CREATE TABLE locks a live parent: ACCESS EXCLUSIVE to be its partition, SHARE UPDATE
    EXCLUSIVE to inherit from it."""
    if t.partition_of and not bl.is_new(*t.partition_of.split(".", 1)):
        return "ACCESS EXCLUSIVE"
    if any(not bl.is_new(*p.split(".", 1)) for p in t.inherits):
        return "SHARE UPDATE EXCLUSIVE"
    return NO_LOCK


def create_table(bl: Builder, t: m.Table) -> None:
    key = t.key
    parent = t.partition_of.split(".", 1) if t.partition_of else None
    inherited = {c.name for p in t.inherits
                 if (pt := bl.b.tables.get(f"table:{p}")) for c in pt.columns}
    columns = [column_ctx(c) for c in t.columns if c.name not in inherited]
    text = sql("table/create", t=t, columns=columns, parent=parent,
               inherits=[p.split(".", 1) for p in t.inherits])
    bl.add(Phase.CREATE, "table", "create", key, text, provides=(key,),
           needs=_create_needs(bl, t), lock=_create_lock(bl, t))
    parent_table = bl.b.tables.get(f"table:{t.partition_of}") if t.partition_of else None
    if parent_table is not None:
        # partitions get their parent's columns; defaults that differ are set here
        for col in t.columns:
            pc = parent_table.column(col.name)
            if pc is not None and pc.default != col.default and col.default is not None:
                bl.add(Phase.CREATE, "column", "set_default", f"column:{t.schema}.{t.name}."
                       f"{col.name}", sql("column/set_default", t=t, c=col), needs=(key,),
                       lock=bl.live(t.schema, t.name, "ACCESS EXCLUSIVE"))
    for flag in ("rls_enabled", "rls_forced"):
        if getattr(t, flag):
            tmpl = "table/rls" if flag == "rls_enabled" else "table/rls_force"
            bl.add(Phase.DEPENDENT, "table", flag, key, sql(tmpl, t=t), needs=(key,),
                   hazards=(RLS,) if not bl.is_new(t.schema, t.name) else (),
                   lock=bl.live(t.schema, t.name, "ACCESS EXCLUSIVE"))
    if t.comment is not None:
        bl.comment("TABLE", (t.schema, t.name), key, t.comment)
    for col in t.columns:
        if col.comment is not None:
            bl.comment("COLUMN", (t.schema, t.name, col.name), key, col.comment)
    _hanging(bl, t)


def _hanging(bl: Builder, t: m.Table) -> None:
    """Everything that hangs on a new table, from the target catalog."""
    vt = bl.b.version_tables.get(f"version_table:{t.schema}.{t.name}")
    if vt is not None:
        bl.add(Phase.DEPENDENT, "version_table", "rows", vt.key,
               sql("version_table/rows", v=vt), needs=(t.key,), lock=NO_LOCK)
    for attr, fn in (("constraints", add_constraint), ("indexes", add_index),
                     ("triggers", add_trigger), ("policies", add_policy)):
        for o in bl.on_table(bl.b, attr, t.schema, t.name):
            fn(bl, o)  # type: ignore[operator]


def drop_table(bl: Builder, t: m.Table, cycle: set[str]) -> None:
    """Drop (or archive) ``t``; its foreign keys in ``cycle`` (a cycle of references between
    dropped tables) are dropped first in steps of their own."""
    needs = [f"table:{p}" for p in t.inherits]
    if t.partition_of:
        needs.append(f"table:{t.partition_of}")
    first: list[str] = []  # its foreign keys to tables that stay: dropped before, alone
    for con in bl.on_table(bl.a, "constraints", t.schema, t.name):
        if con.key in cycle:
            if not bl.opts.archive:  # moving tables aside keeps their keys: no order needed
                first.append(drop_constraint(bl, con).id)
        elif con.ref_table:
            needs.append(f"table:{con.ref_table}")
            if con.ref_table != f"{t.schema}.{t.name}" and f"table:{con.ref_table}" in \
                    bl.b.tables:
                first.append(drop_constraint(bl, con).id)
    needs.append(f"schema:{t.schema}")
    needs += [k for col in t.columns for k in bl.type_refs(col.type)]
    needs += [f"sequence:{q.schema}.{q.name}" for q in bl.a.sequences.values()
              if q.owned_by and q.owned_by.startswith(f"{t.schema}.{t.name}.")]
    hazards: tuple[HazardNote, ...]
    replaced = f"view:{t.schema}.{t.name}" in bl.b.views
    if bl.opts.archive:
        text, action = sql("table/archive", t=t, schema=ARCHIVE_SCHEMA), "archive"
        hazards = (H(Hazard.ACCESS_EXCLUSIVE_LOCK, "moved to the archive schema"),)
    elif bl.opts.force:
        text, action = sql("table/drop_force", t=t, replaced=replaced), "drop"
        hazards = (H(Hazard.DELETES_DATA, f"table {t.schema}.{t.name} and its rows are gone"),)
    else:
        # locked first, so no row can arrive between the emptiness check and the drop
        text = sql("table/drop", t=t, tag=dollar_tag("guard", t.schema, t.name),
                   replaced=replaced)
        action = "drop"
        hazards = (H(Hazard.DELETES_DATA, f"table {t.schema}.{t.name} is dropped (the step "
                                          "locks it and refuses while it has rows)"),)
    bl.add(Phase.CONTRACT, "table", action, t.key, text, provides=(t.key,),
           needs=tuple(k for k in dict.fromkeys(needs) if k != t.key), hazards=hazards,
           lock="ACCESS EXCLUSIVE", depends_on=tuple(first))


def alter_table(bl: Builder, c: Change, old: m.Table, new: m.Table) -> None:
    paths = {x.path for x in c.details}
    only(c, ALTERABLE)
    key = new.key
    if paths & {"partition_of", "partition_bound"}:
        _partition(bl, old, new)
    if "inherits" in paths:
        for p in old.inherits:
            if p not in new.inherits:
                bl.add(Phase.CREATE, "table", "no_inherit", key,
                       sql("table/inherit", t=new, parent=p.split(".", 1), add=False),
                       lock="ACCESS EXCLUSIVE")
        for p in new.inherits:
            if p not in old.inherits:
                bl.add(Phase.CONSTRAIN, "table", "inherit", key,
                       sql("table/inherit", t=new, parent=p.split(".", 1), add=True),
                       needs=(f"table:{p}",), lock="ACCESS EXCLUSIVE")
    if "unlogged" in paths:
        bl.add(Phase.CREATE, "table", "logged", key, sql("table/logged", t=new),
               hazards=(H(Hazard.TABLE_REWRITE, "SET LOGGED/UNLOGGED rewrites the table"),
                        H(Hazard.ACCESS_EXCLUSIVE_LOCK, "for the whole rewrite")),
               lock="ACCESS EXCLUSIVE")
    if "rls_enabled" in paths:
        bl.add(Phase.DEPENDENT, "table", "rls_enabled", key, sql("table/rls", t=new),
               hazards=(RLS,), lock="ACCESS EXCLUSIVE")
    if "rls_forced" in paths:
        bl.add(Phase.DEPENDENT, "table", "rls_forced", key, sql("table/rls_force", t=new),
               hazards=(H(Hazard.AUTHZ_CHANGE, "forcing RLS applies it to the owner too"),),
               lock="ACCESS EXCLUSIVE")
    if "reloptions" in paths:
        names = {o.split("=", 1)[0] for o in new.reloptions}
        reset = [o.split("=", 1)[0] for o in old.reloptions if o.split("=", 1)[0] not in names]
        bl.add(Phase.CREATE, "table", "reloptions", key,
               sql("table/reloptions", t=new, set=list(new.reloptions), reset=reset),
               lock="SHARE UPDATE EXCLUSIVE")
    if "comment" in paths:
        bl.comment("TABLE", (new.schema, new.name), key, new.comment)


def _partition(bl: Builder, old: m.Table, new: m.Table) -> None:
    if old.partition_of:
        bl.add(Phase.CREATE, "table", "detach", new.key,
               sql("table/detach", t=old, parent=old.partition_of.split(".", 1),
                   drop_kept=True),
               needs=(new.key,), lock="ACCESS EXCLUSIVE", hazards=(H(Hazard.ACCESS_EXCLUSIVE_LOCK,
                                            "detaching locks the parent"),
                                          H(Hazard.INDEX_DROP, "the indexes it had as a "
                                            "partition go; the target's are built after")))
    if new.partition_of:
        hazards = (H(Hazard.FULL_TABLE_SCAN, "the bound is checked against every row"),
                   H(Hazard.SHARE_LOCK, "attaching takes SHARE UPDATE EXCLUSIVE on the parent"))
        pschema, _, ptable = new.partition_of.partition(".")
        if any(i.schema == pschema and i.table == ptable for i in bl.b.indexes.values()):
            hazards += (H(Hazard.INDEX_BUILD, f"the indexes of {new.partition_of} are built on"
                                              " it (matching ones are adopted)"),)
        bl.add(Phase.CONSTRAIN, "table", "attach", new.key,
               sql("table/attach", t=new, parent=new.partition_of.split(".", 1)),
               needs=(new.key, f"table:{new.partition_of}"), hazards=hazards,
               lock="ACCESS EXCLUSIVE")
