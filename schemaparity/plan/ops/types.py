"""Types and their kin: enums (with added or swapped labels), domains, composites, collations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, H, only
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Hazard, Phase


def _users_of_type(catalog: m.Catalog, type_name: str) -> list[dict[str, Any]]:
    out = []
    for t in catalog.tables.values():
        if t.partition_of:
            continue
        for col in t.columns:
            if col.type in (type_name, type_name + "[]"):
                out.append({"schema": t.schema, "table": t.name, "column": col.name,
                            "array": col.type.endswith("[]"), "default": col.default})
    return out


def enums(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            t = bl.b.enums[c.key]
            bl.add(Phase.PREPARE, "enum", "create", c.key, sql("enum/create", t=t),
                   provides=(c.key,), needs=(f"schema:{t.schema}",))
            if t.comment is not None:
                bl.comment("TYPE", (t.schema, t.name), c.key, t.comment)
        elif c.op == "removed":
            t = bl.a.enums[c.key]
            bl.add(Phase.CONTRACT, "enum", "drop", c.key, sql("enum/drop", t=t),
                   provides=(c.key,))
        elif c.op == "changed":
            old, new = bl.a.enums[c.key], bl.b.enums[c.key]
            paths = {x.path for x in c.details}
            only(c, {"labels", "comment", "owner", "acl"})
            if "labels" in paths:
                _enum_labels(bl, c, old, new)
            if "comment" in paths:
                bl.comment("TYPE", (new.schema, new.name), c.key, new.comment)


def _enum_labels(bl: Builder, c: Change, old: m.Enum, new: m.Enum) -> None:
    kept = [label for label in new.labels if label in old.labels]
    if kept == list(old.labels):  # only additions, order of the old ones unchanged
        for i, label in enumerate(new.labels):
            if label in old.labels:
                continue
            after = new.labels[i - 1] if i > 0 else None
            before = None if after else next((x for x in new.labels[i + 1:]), None)
            bl.add(Phase.PREPARE, "enum", "add_value", c.key,
                   sql("enum/add_value", t=new, label=label, before=before, after=after),
                   transactional=False, needs=(c.key,), provides=(c.key,))
        return
    users = _users_of_type(bl.a, f"{new.schema}.{new.name}")
    removed = [x for x in old.labels if x not in new.labels]
    why = (f"values {', '.join(removed)} removed" if removed else "values reordered")
    bl.add(Phase.PREPARE, "enum", "swap", c.key,
           sql("enum/swap", t=new, old_name=f"{new.name}__old", columns=users),
           provides=(c.key,),
           hazards=(H(Hazard.ENUM_VALUE_CHANGE, f"{why}: the type is swapped; rows holding a "
                                                "removed value make the cast fail"),
                    H(Hazard.TABLE_REWRITE, f"{len(users)} column(s) are rewritten"),
                    H(Hazard.ACCESS_EXCLUSIVE_LOCK, "tables using the type are locked")),
           lock="ACCESS EXCLUSIVE")


def domains(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            d = bl.b.domains[c.key]
            bl.add(Phase.PREPARE, "domain", "create", c.key, sql("domain/create", d=d),
                   provides=(c.key,), needs=(f"schema:{d.schema}", *bl.type_refs(d.base_type)))
            if d.comment is not None:
                bl.comment("DOMAIN", (d.schema, d.name), c.key, d.comment)
        elif c.op == "removed":
            d = bl.a.domains[c.key]
            bl.add(Phase.CONTRACT, "domain", "drop", c.key, sql("domain/drop", d=d),
                   provides=(c.key,))
        elif c.op == "changed":
            alter_domain(bl, c, bl.a.domains[c.key], bl.b.domains[c.key])


def alter_domain(bl: Builder, c: Change, old: m.Domain, new: m.Domain) -> None:
    only(c, {"default", "not_null", "checks", "comment", "owner", "acl"})
    paths = {x.path for x in c.details}
    key = c.key
    if "default" in paths:
        bl.add(Phase.PREPARE, "domain", "default", key, sql("domain/default", d=new))
    if "checks" in paths:
        _domain_checks(bl, key, old, new)
    if "not_null" in paths:
        bl.add(Phase.CONSTRAIN if new.not_null else Phase.PREPARE, "domain", "not_null", key,
               sql("domain/not_null", d=new),
               hazards=(H(Hazard.FULL_TABLE_SCAN, "every column of the domain is checked"),)
               if new.not_null else ())
    if "comment" in paths:
        bl.comment("DOMAIN", (new.schema, new.name), key, new.comment)


def _domain_checks(bl: Builder, key: str, old: m.Domain, new: m.Domain) -> None:
    before, after = dict(old.checks), dict(new.checks)
    for name, definition in before.items():
        if after.get(name) != definition:
            bl.add(Phase.PREPARE, "domain", "drop_check", key,
                   sql("domain/drop_check", d=new, name=name))
    for name, definition in after.items():
        if before.get(name) != definition:
            add = bl.add(Phase.CONSTRAIN, "domain", "add_check", key,
                         sql("domain/add_check", d=new, name=name, definition=definition))
            bl.add(Phase.CONSTRAIN, "domain", "validate_check", key,
                   sql("domain/validate_check", d=new, name=name), depends_on=(add.id,),
                   hazards=(H(Hazard.FULL_TABLE_SCAN, "every column of the domain is "
                                                      "checked"),))


def composites(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            t = bl.b.composites[c.key]
            needs = tuple(k for _n, ty, _c in t.attributes for k in bl.type_refs(ty))
            bl.add(Phase.PREPARE, "composite", "create", c.key, sql("composite/create", t=t),
                   provides=(c.key,), needs=(f"schema:{t.schema}", *needs))
            if t.comment is not None:
                bl.comment("TYPE", (t.schema, t.name), c.key, t.comment)
        elif c.op == "removed":
            t = bl.a.composites[c.key]
            bl.add(Phase.CONTRACT, "composite", "drop", c.key, sql("composite/drop", t=t),
                   provides=(c.key,))
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
                   needs=(f"schema:{x.schema}",))
            if x.comment is not None:
                bl.comment("COLLATION", (x.schema, x.name), c.key, x.comment)
        elif c.op == "removed":
            x = bl.a.collations[c.key]
            bl.add(Phase.CONTRACT, "collation", "drop", c.key, sql("collation/drop", c=x),
                   provides=(c.key,))
        elif c.op == "changed":
            x = bl.b.collations[c.key]
            only(c, {"comment", "owner"})
            bl.comment("COLLATION", (x.schema, x.name), c.key, x.comment)
