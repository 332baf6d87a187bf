"""Database-level objects: extensions, schemas, the renames of the rule maps, version tables."""

from __future__ import annotations

from collections.abc import Iterable

from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, H, only
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import NO_LOCK, Hazard, Phase

# what an extension's drop, update or move may take: its scripts alter its own tables
SCRIPT_LOCK = "ACCESS EXCLUSIVE"


def extensions(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            e = bl.b.extensions[c.key]
            bl.add(Phase.PREPARE, "extension", "create", c.key, sql("extension/create", e=e),
                   provides=(c.key,), needs=(f"schema:{e.schema}",), lock=NO_LOCK)
            # CREATE EXTENSION gives the comment of the extension's control file, which
            # the target may have replaced or removed (a dump cannot tell which: set it)
            bl.comment("EXTENSION", (e.name,), c.key, e.comment)
        elif c.op == "removed":
            e = bl.a.extensions[c.key]
            bl.add(Phase.CONTRACT, "extension", "drop", c.key, sql("extension/drop", e=e),
                   provides=(c.key,), needs=(f"schema:{e.schema}",), hazards=(H(Hazard.DELETES_DATA,
                                                 "objects of the extension are dropped"),),
                   lock=SCRIPT_LOCK)
        elif c.op == "changed":
            e = bl.b.extensions[c.key]
            paths = {x.path for x in c.details}
            if "version" in paths:
                bl.add(Phase.PREPARE, "extension", "update", c.key,
                       sql("extension/update", e=e),
                       hazards=(H(Hazard.EXTENSION_UPGRADE, f"upgrade to {e.version}"),),
                       lock=SCRIPT_LOCK)
            if "schema" in paths:
                bl.add(Phase.PREPARE, "extension", "set_schema", c.key,
                       sql("extension/set_schema", e=e), needs=(f"schema:{e.schema}",),
                       lock=SCRIPT_LOCK)
            if "comment" in paths:
                bl.comment("EXTENSION", (e.name,), c.key, e.comment)


def schemas(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            s = bl.b.schemas[c.key]
            bl.add(Phase.PREPARE, "schema", "create", c.key, sql("schema/create", s=s),
                   provides=(c.key,), lock=NO_LOCK)
            if s.comment is not None:
                bl.comment("SCHEMA", (s.name,), c.key, s.comment)
        elif c.op == "removed":
            s = bl.a.schemas[c.key]
            bl.add(Phase.CONTRACT, "schema", "drop", c.key, sql("schema/drop", s=s),
                   provides=(c.key,), lock=NO_LOCK)
        elif c.op == "changed":
            s = bl.b.schemas[c.key]
            only(c, {"comment", "owner", "acl"})
            if any(x.path == "comment" for x in c.details):
                bl.comment("SCHEMA", (s.name,), c.key, s.comment)


def renames(bl: Builder, changes: Iterable[Change]) -> None:
    """The renames of the rule maps (never guessed), as the diff reports them."""
    for c in changes:
        old, new = c.old_key.split(":", 1)[1] if c.old_key else "", c.name
        if c.kind == "schema":
            bl.add(Phase.PREPARE, "schema", "rename", c.key,
                   sql("schema/rename", old=old, new=new), provides=(c.key,),
                   hazards=(H(Hazard.UNTRACKABLE_DEPENDENCY,
                              "code naming the old schema breaks"),), lock=NO_LOCK)
            continue
        o, n = old.split(".", 1), new.split(".", 1)
        bl.add(Phase.PREPARE, "table", "rename", c.key,
               sql("table/rename", old=o, new=n), provides=(c.key,),
               needs=(f"schema:{n[0]}",),
               hazards=(H(Hazard.UNTRACKABLE_DEPENDENCY, "code naming the old table breaks"),),
               lock="ACCESS EXCLUSIVE")


def version_tables(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op in ("added", "changed"):
            v = bl.b.version_tables[c.key]
            bl.add(Phase.DEPENDENT, "version_table", "rows", c.key,
                   sql("version_table/rows", v=v), needs=(f"table:{v.schema}.{v.name}",),
                   lock=bl.live(v.schema, v.name, "ROW EXCLUSIVE"))
