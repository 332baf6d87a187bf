"""Types and their kin: enums (with added or swapped labels), domains, composites, collations."""

from __future__ import annotations

from collections.abc import Iterable

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, H, only
from schemaparity.plan.ops.enum_swap import is_swap, swap, swapped_domains
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import NO_LOCK, Hazard, Phase


def enums(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            t = bl.b.enums[c.key]
            bl.add(Phase.PREPARE, "enum", "create", c.key, sql("enum/create", t=t),
                   provides=(c.key,), needs=(f"schema:{t.schema}",), lock=NO_LOCK)
            if t.comment is not None:
                bl.comment("TYPE", (t.schema, t.name), c.key, t.comment)
        elif c.op == "removed":
            t = bl.a.enums[c.key]
            bl.add(Phase.CONTRACT, "enum", "drop", c.key, sql("enum/drop", t=t),
                   provides=(c.key,), lock=NO_LOCK)
        elif c.op == "changed":
            old, new = bl.a.enums[c.key], bl.b.enums[c.key]
            paths = {x.path for x in c.details}
            only(c, {"labels", "comment", "owner", "acl"})
            if "labels" in paths:
                _enum_labels(bl, c, old, new)
            if "comment" in paths:
                bl.comment("TYPE", (new.schema, new.name), c.key, new.comment)


def _enum_labels(bl: Builder, c: Change, old: m.Enum, new: m.Enum) -> None:
    if not is_swap(old, new):  # only additions, order of the old ones unchanged
        _add_values(bl, c.key, old, new)
        return
    swap(bl, old, new)


def _add_values(bl: Builder, key: str, old: m.Enum, new: m.Enum) -> None:
    """``ADD VALUE`` each new label in the order of ``new``: after the label before it (which
    exists by then), or, at the start, before the first old label. The steps form a chain
    (each one commits its value before the next names it); all provide the type."""
    previous: tuple[str, ...] = ()
    for i, label in enumerate(new.labels):
        if label in old.labels:
            continue
        after = new.labels[i - 1] if i > 0 else None
        before = None if after else next((x for x in new.labels if x in old.labels), None)
        step = bl.add(Phase.PREPARE, "enum", "add_value", key,
                      sql("enum/add_value", t=new, label=label, before=before, after=after),
                      transactional=False, depends_on=previous, provides=(key,), lock=NO_LOCK)
        previous = (step.id,)


def domains(bl: Builder, changes: Iterable[Change]) -> None:
    swapped = swapped_domains(bl)
    for c in changes:
        if c.op == "added":
            d = bl.b.domains[c.key]
            bl.add(Phase.PREPARE, "domain", "create", c.key, sql("domain/create", d=d),
                   provides=(c.key,), needs=(f"schema:{d.schema}", *bl.type_refs(d.base_type)),
                   lock=NO_LOCK)
            if d.comment is not None:
                bl.comment("DOMAIN", (d.schema, d.name), c.key, d.comment)
        elif c.op == "removed":
            d = bl.a.domains[c.key]
            bl.add(Phase.CONTRACT, "domain", "drop", c.key, sql("domain/drop", d=d),
                   provides=(c.key,), lock=NO_LOCK)
        elif c.op == "changed" and c.key in swapped:  # re-created as it is in the target
            d = bl.b.domains[c.key]
            bl.comment("DOMAIN", (d.schema, d.name), c.key, d.comment)
        elif c.op == "changed":
            alter_domain(bl, c, bl.a.domains[c.key], bl.b.domains[c.key])


def alter_domain(bl: Builder, c: Change, old: m.Domain, new: m.Domain) -> None:
    only(c, {"default", "not_null", "checks", "comment", "owner", "acl"})
    paths = {x.path for x in c.details}
    key = c.key
    if "default" in paths:
        bl.add(Phase.PREPARE, "domain", "default", key, sql("domain/default", d=new),
               lock=NO_LOCK)
    if "checks" in paths:
        _domain_checks(bl, key, old, new)
    if "not_null" in paths:
        bl.add(Phase.CONSTRAIN if new.not_null else Phase.PREPARE, "domain", "not_null", key,
               sql("domain/not_null", d=new),
               hazards=(H(Hazard.FULL_TABLE_SCAN, "every column of the domain is checked"),)
               if new.not_null else (), lock=_scan_lock(bl, key) if new.not_null else NO_LOCK)
    if "comment" in paths:
        bl.comment("DOMAIN", (new.schema, new.name), key, new.comment)


def _scan_lock(bl: Builder, key: str) -> str:
    """A domain's VALIDATE or SET NOT NULL reads every live table with a column of it under
    SHARE (writers wait)."""
    used = any(key in bl.type_refs(col.type) for t in bl.a.tables.values() for col in t.columns)
    return "SHARE" if used else NO_LOCK


def _domain_checks(bl: Builder, key: str, old: m.Domain, new: m.Domain) -> None:
    before, after = dict(old.checks), dict(new.checks)
    for name, definition in before.items():
        if after.get(name) != definition:
            bl.add(Phase.PREPARE, "domain", "drop_check", key,
                   sql("domain/drop_check", d=new, name=name), lock=NO_LOCK)
    for name, definition in after.items():
        if before.get(name) != definition:
            add = bl.add(Phase.CONSTRAIN, "domain", "add_check", key,
                         sql("domain/add_check", d=new, name=name, definition=definition),
                         lock=NO_LOCK)  # NOT VALID: nothing is read
            bl.add(Phase.CONSTRAIN, "domain", "validate_check", key,
                   sql("domain/validate_check", d=new, name=name), depends_on=(add.id,),
                   hazards=(H(Hazard.FULL_TABLE_SCAN, "every column of the domain is "
                                                      "checked"),), lock=_scan_lock(bl, key))


def composites(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            t = bl.b.composites[c.key]
            needs = tuple(k for _n, ty, _c in t.attributes for k in bl.type_refs(ty))
            bl.add(Phase.PREPARE, "composite", "create", c.key, sql("composite/create", t=t),
                   provides=(c.key,), needs=(f"schema:{t.schema}", *needs), lock=NO_LOCK)
            if t.comment is not None:
                bl.comment("TYPE", (t.schema, t.name), c.key, t.comment)
        elif c.op == "removed":
            t = bl.a.composites[c.key]
            bl.add(Phase.CONTRACT, "composite", "drop", c.key, sql("composite/drop", t=t),
                   provides=(c.key,), lock=NO_LOCK)
        elif c.op == "changed":
            t = bl.b.composites[c.key]
            only(c, {"comment", "owner", "acl"})
            bl.comment("TYPE", (t.schema, t.name), c.key, t.comment)


def collations(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            x = bl.b.collations[c.key]
            bl.add(Phase.PREPARE, "collation", "create", c.key, sql("collation/create", c=x),
                   provides=(c.key, f"collation-name:{x.schema}.{x.name}"),
                   needs=(f"schema:{x.schema}",), lock=NO_LOCK)
            if x.comment is not None:
                bl.comment("COLLATION", (x.schema, x.name), c.key, x.comment)
        elif c.op == "removed":
            x = bl.a.collations[c.key]
            bl.add(Phase.CONTRACT, "collation", "drop", c.key, sql("collation/drop", c=x),
                   provides=(c.key,), lock=NO_LOCK)
        elif c.op == "changed":
            x = bl.b.collations[c.key]
            only(c, {"comment", "owner"})
            bl.comment("COLLATION", (x.schema, x.name), c.key, x.comment)
