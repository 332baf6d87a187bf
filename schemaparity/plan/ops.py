"""Changes -> steps: one function per kind, each returning the steps of its changes.

The planner works from both catalogs (``a`` is the current schema, ``b`` the desired one) and
the diff between them. Anything it cannot do safely and exactly is an
:class:`UnsupportedChange` naming the object, never silently wrong SQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from schemaparity import model as m
from schemaparity.diff import Change, Diff
from schemaparity.plan.order import PlanError, UnsupportedChange
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Hazard, HazardNote, Phase, Step

VOLATILE = re.compile(r"\b(nextval|gen_random_uuid|uuid_generate_v\d\w*|random|clock_timestamp"
                      r"|timeofday)\s*\(", re.I)


@dataclass(frozen=True)
class PlanOptions:
    backfill: dict[str, str] = field(default_factory=dict)  # "schema.table.column" -> SQL expr
    batch_size: int = 10_000
    archive: bool = False
    force: bool = False
    lock_timeout: str = "5s"
    statement_timeout: str = "0"


def H(hazard: Hazard, message: str) -> HazardNote:  # noqa: N802 - reads like a constructor
    return HazardNote(hazard, message)


class Builder:
    """Collects steps while walking the diff."""

    def __init__(self, a: m.Catalog, b: m.Catalog, d: Diff, opts: PlanOptions) -> None:
        self.a, self.b, self.d, self.opts = a, b, d, opts
        self.steps: list[Step] = []
        self.new_tables = {c.key for c in d.changes if c.kind == "table" and c.op == "added"}
        self.gone_tables = {c.key for c in d.changes if c.kind == "table" and c.op == "removed"}
        self.type_keys = {k.split(":", 1)[1]: k for cat in (a, b)
                          for k in (*cat.enums, *cat.domains, *cat.composites)}
        self.functions_by_name: dict[str, list[str]] = {}
        for cat in (a, b):
            for key, f in cat.functions.items():
                names = self.functions_by_name.setdefault(f"{f.schema}.{f.name}", [])
                if key not in names:
                    names.append(key)
        self.relations = {k.split(":", 1)[1]: k for cat in (a, b)
                          for k in (*cat.tables, *cat.views)}

    # ------------------------------------------------------------ helpers
    def add(self, phase: Phase, kind: str, action: str, key: str, text: str, **kw: Any) -> Step:
        name = key.split(":", 1)[1]
        step_id = f"{phase.value}.{kind}.{action}:{name}"
        n = 2
        while any(s.id == step_id for s in self.steps):
            step_id = f"{phase.value}.{kind}.{action}:{name}#{n}"
            n += 1
        step = Step(id=step_id, phase=phase, key=key, sql=text, **kw)
        self.steps.append(step)
        return step

    def refs(self, *texts: str | None) -> tuple[str, ...]:
        """Keys of relations, types, sequences and functions a SQL text names (qualified)."""
        out: set[str] = set()
        for text in texts:
            if not text:
                continue
            for match in re.finditer(r'((?:"(?:[^"]|"")+"|[\w$]+)\.(?:"(?:[^"]|"")+"|[\w$]+))',
                                     text):
                name = ".".join(p.strip('"').replace('""', '"')
                                for p in re.findall(r'"(?:[^"]|"")+"|[\w$]+', match.group(1)))
                if name in self.relations:
                    out.add(self.relations[name])
                if name in self.type_keys:
                    out.add(self.type_keys[name])
                if f"sequence:{name}" in self.b.sequences or f"sequence:{name}" in self.a.sequences:
                    out.add(f"sequence:{name}")
                for fkey in self.functions_by_name.get(name, ()):
                    out.add(fkey)
        return tuple(sorted(out))

    def type_refs(self, type_text: str) -> tuple[str, ...]:
        base = type_text.removesuffix("[]")
        key = self.type_keys.get(base) or self.type_keys.get(base.replace('"', ""))
        return (key,) if key else ()

    def is_new(self, schema: str, table: str) -> bool:
        return f"table:{schema}.{table}" in self.new_tables

    def table_b(self, schema: str, table: str) -> m.Table | None:
        return self.b.tables.get(f"table:{schema}.{table}")

    def comment(self, what: str, target: str, key: str, text: str | None,
                needs: tuple[str, ...] = ()) -> None:
        self.add(Phase.DEPENDENT, "comment", "set", key,
                 sql("comment/set", what=what, target=target, text=text),
                 needs=(key, *needs))


def qi(*parts: str) -> str:
    from schemaparity.sqltext import quote_ident

    return quote_ident(*parts)


def _identity_sequence(col: m.Column) -> str | None:
    if not col.identity_options:
        return None
    opts = dict(p.split("=", 1) for p in col.identity_options.split())
    parts = [f"START WITH {opts['start']}", f"INCREMENT BY {opts['increment']}",
             f"MINVALUE {opts['min']}", f"MAXVALUE {opts['max']}", f"CACHE {opts['cache']}"]
    parts.append("CYCLE" if opts.get("cycle") == "true" else "NO CYCLE")
    return " ".join(parts)


def _identity_options(col: m.Column) -> list[str]:
    seq = _identity_sequence(col)
    if not seq:
        return []
    words = seq.split()
    out = []
    i = 0
    while i < len(words):
        if words[i] in ("START", "INCREMENT"):
            out.append(" ".join(words[i:i + 3]))
            i += 3
        elif words[i] in ("MINVALUE", "MAXVALUE", "CACHE"):
            out.append(" ".join(words[i:i + 2]))
            i += 2
        elif words[i] == "NO":
            out.append("NO CYCLE")
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def _by_kind(d: Diff) -> dict[str, list[Change]]:
    return d.by_kind()


# ---------------------------------------------------------------- types and friends


def extensions(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            e = bl.b.extensions[c.key]
            bl.add(Phase.PREPARE, "extension", "create", c.key, sql("extension/create", e=e),
                   provides=(c.key,), needs=(f"schema:{e.schema}",))
        elif c.op == "removed":
            e = bl.a.extensions[c.key]
            bl.add(Phase.CONTRACT, "extension", "drop", c.key, sql("extension/drop", e=e),
                   provides=(c.key,), hazards=(H(Hazard.DELETES_DATA,
                                                 "objects of the extension are dropped"),))
        elif c.op == "changed":
            e = bl.b.extensions[c.key]
            paths = {x.path for x in c.details}
            if "version" in paths:
                bl.add(Phase.PREPARE, "extension", "update", c.key,
                       sql("extension/update", e=e),
                       hazards=(H(Hazard.EXTENSION_UPGRADE, f"upgrade to {e.version}"),))
            if "schema" in paths:
                bl.add(Phase.PREPARE, "extension", "set_schema", c.key,
                       sql("extension/set_schema", e=e), needs=(f"schema:{e.schema}",))
            if "comment" in paths:
                bl.comment("EXTENSION", qi(e.name), c.key, e.comment)


def schemas(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            s = bl.b.schemas[c.key]
            bl.add(Phase.PREPARE, "schema", "create", c.key, sql("schema/create", s=s),
                   provides=(c.key,))
            if s.comment is not None:
                bl.comment("SCHEMA", qi(s.name), c.key, s.comment)
        elif c.op == "removed":
            s = bl.a.schemas[c.key]
            bl.add(Phase.CONTRACT, "schema", "drop", c.key, sql("schema/drop", s=s),
                   provides=(c.key,))
        elif c.op == "changed":
            s = bl.b.schemas[c.key]
            _only(c, {"comment", "owner", "acl"})
            if any(x.path == "comment" for x in c.details):
                bl.comment("SCHEMA", qi(s.name), c.key, s.comment)


def _only(c: Change, allowed: set[str]) -> None:
    extra = sorted({x.path for x in c.details} - allowed)
    if extra:
        raise UnsupportedChange(f"{c.key}: changing {', '.join(extra)} is not planned; "
                                "do it by hand")


def renames(bl: Builder, rules: Any) -> None:
    """Renames given in the rule maps (never guessed): schemas first, then tables."""
    for old, new in rules.rename_schemas:
        bl.add(Phase.PREPARE, "schema", "rename", f"schema:{new}",
               sql("schema/rename", old=old, new=new), provides=(f"schema:{new}",),
               hazards=(H(Hazard.UNTRACKABLE_DEPENDENCY, "code naming the old schema breaks"),))
    for old, new in rules.rename_tables:
        o, n = old.split(".", 1), new.split(".", 1)
        bl.add(Phase.PREPARE, "table", "rename", f"table:{new}",
               sql("table/rename", old=o, new=n), provides=(f"table:{new}",),
               needs=(f"schema:{n[0]}",),
               hazards=(H(Hazard.UNTRACKABLE_DEPENDENCY, "code naming the old table breaks"),))


def _users_of_type(bl: Builder, catalog: m.Catalog, type_name: str) -> list[dict[str, Any]]:
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
                bl.comment("TYPE", qi(t.schema, t.name), c.key, t.comment)
        elif c.op == "removed":
            t = bl.a.enums[c.key]
            bl.add(Phase.CONTRACT, "enum", "drop", c.key, sql("enum/drop", t=t),
                   provides=(c.key,))
        elif c.op == "changed":
            old, new = bl.a.enums[c.key], bl.b.enums[c.key]
            paths = {x.path for x in c.details}
            _only(c, {"labels", "comment", "owner", "acl"})
            if "labels" in paths:
                _enum_labels(bl, c, old, new)
            if "comment" in paths:
                bl.comment("TYPE", qi(new.schema, new.name), c.key, new.comment)


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
    users = _users_of_type(bl, bl.a, f"{new.schema}.{new.name}")
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
                bl.comment("DOMAIN", qi(d.schema, d.name), c.key, d.comment)
        elif c.op == "removed":
            d = bl.a.domains[c.key]
            bl.add(Phase.CONTRACT, "domain", "drop", c.key, sql("domain/drop", d=d),
                   provides=(c.key,))
        elif c.op == "changed":
            alter_domain(bl, c, bl.a.domains[c.key], bl.b.domains[c.key])


def alter_domain(bl: Builder, c: Change, old: m.Domain, new: m.Domain) -> None:
    _only(c, {"default", "not_null", "checks", "comment", "owner", "acl"})
    paths = {x.path for x in c.details}
    key = c.key
    if "default" in paths:
        clause = f"SET DEFAULT {new.default}" if new.default is not None else "DROP DEFAULT"
        bl.add(Phase.PREPARE, "domain", "default", key, sql("domain/alter", d=new,
                                                            clause=clause))
    if "checks" in paths:
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
    if "not_null" in paths:
        clause = "SET NOT NULL" if new.not_null else "DROP NOT NULL"
        bl.add(Phase.CONSTRAIN if new.not_null else Phase.PREPARE, "domain", "not_null", key,
               sql("domain/alter", d=new, clause=clause),
               hazards=(H(Hazard.FULL_TABLE_SCAN, "every column of the domain is checked"),)
               if new.not_null else ())
    if "comment" in paths:
        bl.comment("DOMAIN", qi(new.schema, new.name), key, new.comment)


def composites(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            t = bl.b.composites[c.key]
            needs = tuple(k for _n, ty, _c in t.attributes for k in bl.type_refs(ty))
            bl.add(Phase.PREPARE, "composite", "create", c.key, sql("composite/create", t=t),
                   provides=(c.key,), needs=(f"schema:{t.schema}", *needs))
            if t.comment is not None:
                bl.comment("TYPE", qi(t.schema, t.name), c.key, t.comment)
        elif c.op == "removed":
            t = bl.a.composites[c.key]
            bl.add(Phase.CONTRACT, "composite", "drop", c.key, sql("composite/drop", t=t),
                   provides=(c.key,))
        elif c.op == "changed":
            t = bl.b.composites[c.key]
            _only(c, {"comment", "owner", "acl"})
            bl.comment("TYPE", qi(t.schema, t.name), c.key, t.comment)


def collations(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            x = bl.b.collations[c.key]
            bl.add(Phase.PREPARE, "collation", "create", c.key, sql("collation/create", c=x),
                   provides=(c.key, f"collation-name:{x.schema}.{x.name}"),
                   needs=(f"schema:{x.schema}",))
            if x.comment is not None:
                bl.comment("COLLATION", qi(x.schema, x.name), c.key, x.comment)
        elif c.op == "removed":
            x = bl.a.collations[c.key]
            bl.add(Phase.CONTRACT, "collation", "drop", c.key, sql("collation/drop", c=x),
                   provides=(c.key,))
        elif c.op == "changed":
            x = bl.b.collations[c.key]
            _only(c, {"comment", "owner"})
            bl.comment("COLLATION", qi(x.schema, x.name), c.key, x.comment)


def sequences(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            q = bl.b.sequences[c.key]
            bl.add(Phase.PREPARE, "sequence", "create", c.key, sql("sequence/create", q=q),
                   provides=(c.key,), needs=(f"schema:{q.schema}",))
            if q.owned_by:
                _owned_by(bl, q)
            if q.comment is not None:
                bl.comment("SEQUENCE", qi(q.schema, q.name), c.key, q.comment)
        elif c.op == "removed":
            q = bl.a.sequences[c.key]
            bl.add(Phase.CONTRACT, "sequence", "drop", c.key, sql("sequence/drop", q=q),
                   provides=(c.key,))
        elif c.op == "changed":
            q = bl.b.sequences[c.key]
            paths = {x.path for x in c.details}
            if paths & {"data_type", "start", "increment", "min_value", "max_value", "cache",
                        "cycle"}:
                bl.add(Phase.PREPARE, "sequence", "alter", c.key, sql("sequence/alter", q=q),
                       needs=(c.key,))
            if "owned_by" in paths:
                _owned_by(bl, q)
            if "comment" in paths:
                bl.comment("SEQUENCE", qi(q.schema, q.name), c.key, q.comment)


def _owned_by(bl: Builder, q: m.Sequence) -> None:
    owner = q.owned_by.split(".") if q.owned_by else None
    needs = (f"table:{owner[0]}.{owner[1]}",) if owner else ()
    bl.add(Phase.DEPENDENT, "sequence", "owned_by", q.key,
           sql("sequence/owned_by", q=q, owner=owner), needs=(q.key, *needs))


# ---------------------------------------------------------------- tables and columns


def _column_ctx(bl: Builder, col: m.Column) -> dict[str, Any]:
    return {"name": col.name, "type": col.type, "collation": col.collation,
            "generated": col.generated, "generated_kind": col.generated_kind or "stored",
            "identity": col.identity, "identity_sequence": _identity_sequence(col),
            "default": col.default, "not_null": col.not_null}


def create_table(bl: Builder, t: m.Table) -> None:
    key = t.key
    needs: list[str] = [f"schema:{t.schema}"]
    for col in t.columns:
        needs += bl.type_refs(col.type)
        needs += bl.refs(col.default, col.generated)
        if col.collation:
            needs.append(f"collation-name:{col.collation}")
    parent = t.partition_of.split(".", 1) if t.partition_of else None
    if t.partition_of:
        needs.append(f"table:{t.partition_of}")
    needs += [f"table:{p}" for p in t.inherits]
    parent_table = bl.b.tables.get(f"table:{t.partition_of}") if t.partition_of else None
    inherited = {c.name for p in t.inherits
                 if (pt := bl.b.tables.get(f"table:{p}")) for c in pt.columns}
    columns = [_column_ctx(bl, c) for c in t.columns if c.name not in inherited]
    text = sql("table/create", t=t, columns=columns, parent=parent,
               inherits=[p.split(".", 1) for p in t.inherits])
    bl.add(Phase.CREATE, "table", "create", key, text, provides=(key,),
           needs=tuple(k for k in dict.fromkeys(needs) if k != key))
    if parent_table is not None:
        # partitions get their parent's columns; defaults that differ are set here
        for col in t.columns:
            pc = parent_table.column(col.name)
            if pc is not None and pc.default != col.default and col.default is not None:
                bl.add(Phase.CREATE, "column", "set_default", f"column:{t.schema}.{t.name}."
                       f"{col.name}", sql("column/set_default", t=t, c=col), needs=(key,))
    for flag in ("rls_enabled", "rls_forced"):
        if getattr(t, flag):
            tmpl = "table/rls" if flag == "rls_enabled" else "table/rls_force"
            bl.add(Phase.DEPENDENT, "table", flag, key, sql(tmpl, t=t), needs=(key,),
                   hazards=(H(Hazard.AUTHZ_CHANGE, "row-level security changes who sees rows"),)
                   if not bl.is_new(t.schema, t.name) else ())
    if t.comment is not None:
        bl.comment("TABLE", qi(t.schema, t.name), key, t.comment)
    for col in t.columns:
        if col.comment is not None:
            bl.comment("COLUMN", qi(t.schema, t.name, col.name), key, col.comment)
    # everything that hangs on a new table comes from the target catalog
    vt = bl.b.version_tables.get(f"version_table:{t.schema}.{t.name}")
    if vt is not None:
        bl.add(Phase.DEPENDENT, "version_table", "rows", vt.key,
               sql("version_table/rows", v=vt), needs=(key,))
    for objs, fn in ((bl.b.constraints, add_constraint), (bl.b.indexes, add_index),
                     (bl.b.triggers, add_trigger), (bl.b.policies, add_policy)):
        for o in objs.values():
            if o.schema == t.schema and o.table == t.name:
                fn(bl, o)


def tables(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            create_table(bl, bl.b.tables[c.key])
        elif c.op == "removed":
            drop_table(bl, bl.a.tables[c.key])
        elif c.op == "changed":
            alter_table(bl, c, bl.a.tables[c.key], bl.b.tables[c.key])


def drop_table(bl: Builder, t: m.Table) -> None:
    needs = [f"table:{p}" for p in t.inherits]
    if t.partition_of:
        needs.append(f"table:{t.partition_of}")
    for con in bl.a.constraints.values():
        if con.schema == t.schema and con.table == t.name and con.ref_table:
            needs.append(f"table:{con.ref_table}")
    needs.append(f"schema:{t.schema}")
    needs += [k for col in t.columns for k in bl.type_refs(col.type)]
    needs += [f"sequence:{q.schema}.{q.name}" for q in bl.a.sequences.values()
              if q.owned_by and q.owned_by.startswith(f"{t.schema}.{t.name}.")]
    if bl.opts.archive:
        text, action = sql("table/archive", t=t), "archive"
        hazards = (H(Hazard.ACCESS_EXCLUSIVE_LOCK, "moved to the archive schema"),)
    elif bl.opts.force:
        text, action = sql("table/drop_force", t=t), "drop"
        hazards = (H(Hazard.DELETES_DATA, f"table {t.schema}.{t.name} and its rows are gone"),)
    else:
        text, action = sql("table/drop", t=t), "drop"
        hazards = (H(Hazard.DELETES_DATA, f"table {t.schema}.{t.name} is dropped (the step "
                                          "refuses while it has rows)"),)
    bl.add(Phase.CONTRACT, "table", action, t.key, text, provides=(t.key,),
           needs=tuple(k for k in dict.fromkeys(needs) if k != t.key), hazards=hazards,
           lock="ACCESS EXCLUSIVE")


def alter_table(bl: Builder, c: Change, old: m.Table, new: m.Table) -> None:
    paths = {x.path for x in c.details}
    _only(c, {"partition_of", "partition_bound", "inherits", "unlogged", "rls_enabled",
              "rls_forced", "reloptions", "comment", "owner", "acl"})
    key = new.key
    if paths & {"partition_of", "partition_bound"}:
        if old.partition_of:
            bl.add(Phase.CREATE, "table", "detach", key,
                   sql("table/detach", t=old, parent=old.partition_of.split(".", 1)),
                   needs=(key,), hazards=(H(Hazard.ACCESS_EXCLUSIVE_LOCK,
                                            "detaching locks the parent"),))
        if new.partition_of:
            bl.add(Phase.CONSTRAIN, "table", "attach", key,
                   sql("table/attach", t=new, parent=new.partition_of.split(".", 1)),
                   needs=(key, f"table:{new.partition_of}"),
                   hazards=(H(Hazard.FULL_TABLE_SCAN, "the bound is checked against every row"),
                            H(Hazard.SHARE_LOCK, "attaching takes SHARE UPDATE EXCLUSIVE on the"
                                                 " parent")))
    if "inherits" in paths:
        for p in old.inherits:
            if p not in new.inherits:
                bl.add(Phase.CREATE, "table", "no_inherit", key,
                       sql("table/inherit", t=new, parent=p.split(".", 1), add=False))
        for p in new.inherits:
            if p not in old.inherits:
                bl.add(Phase.CONSTRAIN, "table", "inherit", key,
                       sql("table/inherit", t=new, parent=p.split(".", 1), add=True),
                       needs=(f"table:{p}",))
    if "unlogged" in paths:
        bl.add(Phase.CREATE, "table", "logged", key, sql("table/logged", t=new),
               hazards=(H(Hazard.TABLE_REWRITE, "SET LOGGED/UNLOGGED rewrites the table"),
                        H(Hazard.ACCESS_EXCLUSIVE_LOCK, "for the whole rewrite")),
               lock="ACCESS EXCLUSIVE")
    if "rls_enabled" in paths:
        bl.add(Phase.DEPENDENT, "table", "rls_enabled", key, sql("table/rls", t=new),
               hazards=(H(Hazard.AUTHZ_CHANGE, "row-level security changes who sees rows"),))
    if "rls_forced" in paths:
        bl.add(Phase.DEPENDENT, "table", "rls_forced", key, sql("table/rls_force", t=new),
               hazards=(H(Hazard.AUTHZ_CHANGE, "forcing RLS applies it to the owner too"),))
    if "reloptions" in paths:
        names = {o.split("=", 1)[0] for o in new.reloptions}
        reset = [o.split("=", 1)[0] for o in old.reloptions if o.split("=", 1)[0] not in names]
        bl.add(Phase.CREATE, "table", "reloptions", key,
               sql("table/reloptions", t=new, set=list(new.reloptions), reset=reset))
    if "comment" in paths:
        bl.comment("TABLE", qi(new.schema, new.name), key, new.comment)


def columns(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        schema, table, name = _split_column_key(bl, c.key)
        t_new = bl.b.tables.get(f"table:{schema}.{table}")
        t_old = bl.a.tables.get(f"table:{schema}.{table}")
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


def _split_column_key(bl: Builder, key: str) -> tuple[str, str, str]:
    name = key.split(":", 1)[1]
    for t in (*bl.b.tables.values(), *bl.a.tables.values()):
        prefix = f"{t.schema}.{t.name}."
        if name.startswith(prefix) and t.column(name[len(prefix):]) is not None:
            return t.schema, t.name, name[len(prefix):]
    raise PlanError(f"cannot find the table of {key}")


def _pk_columns(bl: Builder, t: m.Table) -> list[str]:
    for con in bl.b.constraints.values():
        if con.schema == t.schema and con.table == t.name and con.type == "primary key":
            return list(con.columns)
    return []


def _check_name(t: m.Table, col: m.Column) -> str:
    return f"{t.name}_{col.name}_not_null_sp"[:63]


def _not_null(bl: Builder, t: m.Table, col: m.Column, key: str, after: str) -> None:
    """SET NOT NULL without a long lock: CHECK NOT VALID, VALIDATE, SET NOT NULL, drop CHECK."""
    check = _check_name(t, col)
    s1 = bl.add(Phase.CONSTRAIN, "column", "not_null_check", key,
                sql("column/not_null_check", t=t, c=col, check=check), depends_on=(after,),
                needs=(t.key,))
    s2 = bl.add(Phase.CONSTRAIN, "column", "validate_not_null", key,
                sql("column/validate_check", t=t, c=col, check=check), depends_on=(s1.id,),
                hazards=(H(Hazard.FULL_TABLE_SCAN, "VALIDATE reads every row under SHARE UPDATE "
                                                   "EXCLUSIVE (writes go on)"),))
    bl.add(Phase.CONSTRAIN, "column", "set_not_null", key,
           sql("column/set_not_null", t=t, c=col, check=check), depends_on=(s2.id,),
           lock="ACCESS EXCLUSIVE")


def _backfill(bl: Builder, t: m.Table, col: m.Column, key: str, rule: str,
              after: str | None) -> str:
    pk = _pk_columns(bl, t)
    if pk:
        text = sql("column/backfill", t=t, c=col, rule=rule, pk=pk,
                   pk_types=[t.column(k).type for k in pk],  # type: ignore[union-attr]
                   batch_size=bl.opts.batch_size)
        hazards = (H(Hazard.NEEDS_BACKFILL, f"rows get {col.name} = {rule} in batches of "
                                            f"{bl.opts.batch_size}, by primary key"),)
    else:
        text = sql("column/backfill_single", t=t, c=col, rule=rule)
        hazards = (H(Hazard.NEEDS_BACKFILL, f"rows get {col.name} = {rule}"),
                   H(Hazard.FULL_TABLE_SCAN, f"{t.schema}.{t.name} has no primary key to "
                                             "batch by: one UPDATE holds its row locks to "
                                             "the end"))
    step = bl.add(Phase.BACKFILL, "column", "backfill", key, text,
                  transactional=False, depends_on=(after,) if after else (),
                  needs=(t.key, *bl.refs(rule), *_row_refs(t, rule)),
                  provides=(f"filled:{key}",), hazards=hazards)
    return step.id


def _row_refs(t: m.Table, rule: str) -> tuple[str, ...]:
    """Columns of the row (``t.col`` / ``t."Col"``) a rule reads: filled before it runs."""
    names = {n.replace('""', '"') for n in re.findall(r'\bt\."((?:[^"]|"")+)"', rule)}
    names |= set(re.findall(r"\bt\.([a-z_][a-z0-9_$]*)", rule))
    return tuple(f"filled:column:{t.schema}.{t.name}.{n}" for n in sorted(names)
                 if t.column(n) is not None)


def _rule_for(bl: Builder, t: m.Table, col: m.Column) -> str | None:
    return bl.opts.backfill.get(f"{t.schema}.{t.name}.{col.name}")


def add_column(bl: Builder, t: m.Table, col: m.Column | None) -> None:
    assert col is not None
    key = f"column:{t.schema}.{t.name}.{col.name}"
    ctx = _column_ctx(bl, col)
    needs = (t.key, *bl.type_refs(col.type), *bl.refs(col.default, col.generated))
    rule = _rule_for(bl, t, col)
    simple = (col.generated or col.identity or not col.not_null or
              (col.default is not None and rule is None))
    if simple:
        volatile = col.default is not None and VOLATILE.search(col.default)
        hazards: tuple[HazardNote, ...] = ()
        if volatile or col.generated or col.identity:
            hazards = (H(Hazard.TABLE_REWRITE, "a volatile default, identity or generated "
                                               "column fills every row"),
                       H(Hazard.ACCESS_EXCLUSIVE_LOCK, "for the whole rewrite"))
        bl.add(Phase.CREATE, "column", "add", key,
               sql("column/add", t=t, c=ctx, default=col.default, not_null=col.not_null,
                   identity_sequence=_identity_sequence(col)),
               provides=(key,), needs=needs, hazards=hazards,
               lock="ACCESS EXCLUSIVE")
    else:
        if rule is None:
            raise PlanError(
                f"{key} is added NOT NULL without a default: give a backfill rule "
                f"(--backfill {t.schema}.{t.name}.{col.name}=EXPR or [schemaparity.plan.backfill])"
                ", or a default")
        add = bl.add(Phase.CREATE, "column", "add", key,
                     sql("column/add", t=t, c=ctx, default=None, not_null=False,
                         identity_sequence=None),
                     provides=(key,), needs=needs, lock="ACCESS EXCLUSIVE")
        fill = _backfill(bl, t, col, key, rule, add.id)
        _not_null(bl, t, col, key, fill)
        if col.default is not None:
            bl.add(Phase.CONSTRAIN, "column", "set_default", key,
                   sql("column/set_default", t=t, c=col), needs=(key,))
    if col.comment is not None:
        bl.comment("COLUMN", qi(t.schema, t.name, col.name), key, col.comment)


def alter_column(bl: Builder, c: Change, t: m.Table, old: m.Column | None,
                 new: m.Column | None) -> None:
    assert old is not None and new is not None
    key = c.key
    paths = {x.path for x in c.details}
    _only(c, {"type", "collation", "not_null", "default", "identity", "identity_options",
              "generated", "generated_kind", "comment", "acl"})
    if "generated" in paths or "generated_kind" in paths:
        if old.generated and not new.generated:
            bl.add(Phase.CREATE, "column", "drop_expression", key,
                   sql("column/drop_expression", t=t, c=new))
        else:
            raise UnsupportedChange(f"{key}: changing a generated expression means dropping and"
                                    " re-adding the column; do it by hand")
    if "identity" in paths:
        if old.identity and not new.identity:
            bl.add(Phase.CREATE, "column", "drop_identity", key,
                   sql("column/drop_identity", t=t, c=new))
        elif new.identity and not old.identity:
            if old.default is not None:
                bl.add(Phase.CREATE, "column", "drop_default", key,
                       sql("column/drop_default", t=t, c=new))
            bl.add(Phase.CREATE, "column", "add_identity", key,
                   sql("column/add_identity", t=t, c=new,
                       identity_sequence=_identity_sequence(new)))
        else:
            bl.add(Phase.CREATE, "column", "set_identity", key,
                   sql("column/set_identity", t=t, c=new, options=_identity_options(new)))
    elif "identity_options" in paths and new.identity:
        bl.add(Phase.CREATE, "column", "set_identity", key,
               sql("column/set_identity", t=t, c=new, options=_identity_options(new)))
    type_change = paths & {"type", "collation"}
    typed: tuple[str, ...] = ()
    if type_change:
        dropped: tuple[str, ...] = ()
        if old.default is not None and "identity" not in paths:
            dropped = (bl.add(Phase.CREATE, "column", "drop_default", key,
                              sql("column/drop_default", t=t, c=old)).id,)
        typed = (bl.add(Phase.CREATE, "column", "type", key, sql("column/type", t=t, c=new),
                        depends_on=dropped,
                        needs=(t.key, *bl.type_refs(new.type)),
                        hazards=(H(Hazard.TABLE_REWRITE, f"{old.type} -> {new.type} (USING a "
                                                         "cast; some casts are free, most "
                                                         "rewrite)"),
                                 H(Hazard.ACCESS_EXCLUSIVE_LOCK, "for the whole rewrite")),
                        lock="ACCESS EXCLUSIVE").id,)
    if ("default" in paths or (type_change and old.default is not None)) and not new.identity:
        if new.default is not None:
            bl.add(Phase.CREATE, "column", "set_default", key,
                   sql("column/set_default", t=t, c=new), depends_on=typed,
                   needs=(t.key, *bl.refs(new.default)))
        elif "default" in paths:
            bl.add(Phase.CREATE, "column", "drop_default", key,
                   sql("column/drop_default", t=t, c=new))
    if "not_null" in paths:
        if new.not_null and not new.identity:
            rule = _rule_for(bl, t, new) or new.default
            if rule is None:
                raise PlanError(
                    f"{key} becomes NOT NULL and has no default: give a backfill rule "
                    f"(--backfill {t.schema}.{t.name}.{new.name}=EXPR or "
                    "[schemaparity.plan.backfill]) so rows holding NULL get a value")
            fill = _backfill(bl, t, new, key, rule, None)
            _not_null(bl, t, new, key, fill)
        elif not new.not_null:
            bl.add(Phase.CREATE, "column", "drop_not_null", key,
                   sql("column/drop_not_null", t=t, c=new))
    if "comment" in paths:
        bl.comment("COLUMN", qi(t.schema, t.name, new.name), t.key, new.comment)


# ---------------------------------------------------------------- constraints and indexes


def _index_of(cat: m.Catalog, con: m.Constraint) -> m.Index | None:
    if not con.index:
        return None
    return cat.indexes.get(f"index:{con.schema}.{con.table}.{con.index}")


def add_constraint(bl: Builder, con: m.Constraint) -> None:
    key = con.key
    t = bl.table_b(con.schema, con.table)
    new_table = bl.is_new(con.schema, con.table)
    needs = [f"table:{con.schema}.{con.table}",
             *(f"column:{con.schema}.{con.table}.{c}" for c in con.columns)]
    provides = [key]
    if con.type in ("primary key", "unique"):
        provides.append(f"keys:{con.schema}.{con.table}")
    if con.ref_table:
        needs += [f"table:{con.ref_table}", f"keys:{con.ref_table}"]
    needs += bl.refs(con.definition)
    partitioned = t is not None and t.kind == "partitioned"
    if con.type in ("primary key", "unique") and not new_table and not partitioned:
        idx = _index_of(bl.b, con)
        if idx is not None:
            definition = re.sub(r"^CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX CONCURRENTLY ",
                                idx.definition)
            build = bl.add(Phase.CONSTRAIN, "index", "create", idx.key,
                           sql("index/create", definition=definition),
                           transactional=False, needs=tuple(needs),
                           hazards=(H(Hazard.INDEX_BUILD, "built CONCURRENTLY: no write lock, "
                                                          "but it reads the whole table"),))
            deferrable = ""
            if con.deferrable:
                deferrable = " DEFERRABLE" + (" INITIALLY DEFERRED" if con.deferred else "")
            bl.add(Phase.CONSTRAIN, "constraint", "add", key,
                   sql("constraint/add_using_index", k=con, deferrable=deferrable),
                   depends_on=(build.id,), provides=tuple(provides), needs=tuple(needs),
                   lock="ACCESS EXCLUSIVE")
            _constraint_comment(bl, con)
            return
    definition = con.definition
    online = con.type in ("check", "foreign key") and not new_table
    if online:
        definition = re.sub(r"\s+NOT VALID$", "", definition)
        add = bl.add(Phase.CONSTRAIN, "constraint", "add", key,
                     sql("constraint/add", k=con, definition=definition, not_valid=True),
                     provides=tuple(provides), needs=tuple(needs),
                     hazards=(H(Hazard.SHARE_LOCK, "NOT VALID: only a brief lock, existing "
                                                   "rows are not checked yet"),))
        if con.validated:
            bl.add(Phase.CONSTRAIN, "constraint", "validate", key,
                   sql("constraint/validate", k=con), depends_on=(add.id,),
                   hazards=(H(Hazard.FULL_TABLE_SCAN, "VALIDATE reads every row (SHARE UPDATE "
                                                      "EXCLUSIVE: writes go on)"),))
    else:
        hazards: tuple[HazardNote, ...] = ()
        if not new_table:
            hazards = (H(Hazard.ACCESS_EXCLUSIVE_LOCK if con.type != "check" else
                         Hazard.SHARE_LOCK, "the table is locked while it is checked"),
                       H(Hazard.FULL_TABLE_SCAN, "every row is checked"))
            if con.type in ("primary key", "unique", "exclude"):
                hazards += (H(Hazard.INDEX_BUILD, "the index is built under the lock"),)
        bl.add(Phase.CONSTRAIN, "constraint", "add", key,
               sql("constraint/add", k=con, definition=definition, not_valid=False),
               provides=tuple(provides), needs=tuple(needs), hazards=hazards)
    _constraint_comment(bl, con)


def _constraint_comment(bl: Builder, con: m.Constraint) -> None:
    if con.comment is not None:
        bl.comment("CONSTRAINT", f"{qi(con.name)} ON {qi(con.schema, con.table)}", con.key,
                   con.comment)


def drop_constraint(bl: Builder, con: m.Constraint, phase: Phase = Phase.CONTRACT) -> Step:
    needs = [f"column:{con.schema}.{con.table}.{c}" for c in con.columns]
    if con.ref_table:
        needs.append(f"table:{con.ref_table}")
        needs.append(f"keys:{con.ref_table}")
    provides = [con.key]
    if con.type in ("primary key", "unique"):
        provides.append(f"keys:{con.schema}.{con.table}")
    return bl.add(phase, "constraint", "drop", con.key, sql("constraint/drop", k=con),
                  provides=tuple(provides), needs=tuple(needs),
                  lock="ACCESS EXCLUSIVE")


def constraints(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            add_constraint(bl, bl.b.constraints[c.key])
        elif c.op == "removed":
            drop_constraint(bl, bl.a.constraints[c.key])
        elif c.op == "renamed":
            con = bl.b.constraints[c.key]
            old = bl.a.constraints[c.old_key or ""]
            bl.add(Phase.CONSTRAIN, "constraint", "rename", c.key,
                   sql("constraint/rename", k=con, old=old.name))
            if con.comment != old.comment:
                _constraint_comment(bl, con)
        elif c.op == "changed":
            old, new = bl.a.constraints[c.key], bl.b.constraints[c.key]
            paths = {x.path for x in c.details}
            if paths <= {"comment"}:
                bl.comment("CONSTRAINT", f"{qi(new.name)} ON {qi(new.schema, new.table)}",
                           new.key, new.comment)
            elif paths <= {"validated", "definition"} and new.validated and not old.validated \
                    and re.sub(r"\s+NOT VALID$", "", old.definition) == new.definition:
                bl.add(Phase.CONSTRAIN, "constraint", "validate", c.key,
                       sql("constraint/validate", k=new),
                       hazards=(H(Hazard.FULL_TABLE_SCAN, "VALIDATE reads every row"),))
            else:
                drop = drop_constraint(bl, old, Phase.CONSTRAIN)
                _after(bl, drop, add_constraint, new)


def _with_dep(step: Step, dep: str) -> Step:
    from dataclasses import replace

    return replace(step, depends_on=(*step.depends_on, dep))


def _after(bl: Builder, dep: Step, add: Any, *args: Any) -> None:
    """Run ``add(bl, *args)`` and make the first step it adds wait for ``dep`` (a drop)."""
    before = len(bl.steps)
    add(bl, *args)
    if len(bl.steps) > before:
        bl.steps[before] = _with_dep(bl.steps[before], dep.id)


def _index_columns(idx: m.Index) -> list[str]:
    """Column keys an index is built on: its plain (or quoted) key and INCLUDE columns."""
    out = []
    for k in (*idx.keys, *idx.include):
        if re.fullmatch(r'"(?:[^"]|"")+"', k):
            k = k[1:-1].replace('""', '"')
        elif not re.fullmatch(r"[a-z_][a-z0-9_$]*", k):
            continue  # an expression
        out.append(f"column:{idx.schema}.{idx.table}.{k}")
    return out


def add_index(bl: Builder, idx: m.Index) -> None:
    if idx.constraint:
        return  # built by its constraint
    t = bl.table_b(idx.schema, idx.table)
    new_table = bl.is_new(idx.schema, idx.table)
    partitioned = t is not None and t.kind == "partitioned"
    definition = idx.definition
    hazards: tuple[HazardNote, ...] = ()
    transactional = True
    if not new_table and not partitioned:
        definition = re.sub(r"^CREATE (UNIQUE )?INDEX ", r"CREATE \1INDEX CONCURRENTLY ",
                            definition)
        transactional = False
        hazards = (H(Hazard.INDEX_BUILD, "built CONCURRENTLY: no write lock, but it reads the "
                                         "whole table and takes longer"),)
    elif partitioned and not new_table:
        hazards = (H(Hazard.SHARE_LOCK, "indexes on partitioned tables cannot be built "
                                        "CONCURRENTLY: writes wait"),
                   H(Hazard.INDEX_BUILD, "every partition is indexed"))
    rel = f"table:{idx.schema}.{idx.table}"
    if rel not in bl.b.tables:
        rel = f"view:{idx.schema}.{idx.table}"
    cols = _index_columns(idx)
    bl.add(Phase.CONSTRAIN, "index", "create", idx.key, sql("index/create", definition=definition),
           transactional=transactional, provides=(idx.key,),
           needs=(rel, *cols, *bl.refs(idx.predicate, *idx.keys)), hazards=hazards)
    if idx.comment is not None:
        bl.comment("INDEX", qi(idx.schema, idx.name), idx.key, idx.comment)


def drop_index(bl: Builder, idx: m.Index, phase: Phase = Phase.CONTRACT) -> Step:
    t = bl.a.tables.get(f"table:{idx.schema}.{idx.table}")
    concurrently = t is not None and t.kind != "partitioned"
    cols = _index_columns(idx)
    return bl.add(phase, "index", "drop", idx.key,
                  sql("index/drop", i=idx, concurrently=concurrently),
                  transactional=not concurrently, provides=(idx.key,), needs=tuple(cols),
                  hazards=(H(Hazard.INDEX_DROP, "queries that used it get slower"),))


def indexes(bl: Builder, changes: Iterable[Change]) -> None:
    con_changed = {(c.op, c.name) for c in bl.d.changes if c.kind == "constraint"}
    for c in changes:
        obj = bl.b.indexes.get(c.key) or bl.a.indexes.get(c.key)
        if obj is not None and (f"view:{obj.schema}.{obj.table}" in bl.b.views
                                or f"view:{obj.schema}.{obj.table}" in bl.a.views):
            continue  # indexes of materialized views come and go with the view
        if c.op == "added":
            add_index(bl, bl.b.indexes[c.key])
        elif c.op == "removed":
            idx = bl.a.indexes[c.key]
            if idx.constraint:
                continue  # goes with its constraint
            drop_index(bl, idx)
        elif c.op == "renamed":
            idx, old = bl.b.indexes[c.key], bl.a.indexes[c.old_key or ""]
            if idx.constraint and ("renamed", f"{idx.schema}.{idx.table}.{idx.constraint}") in \
                    con_changed:
                continue  # renaming the constraint renames its index
            bl.add(Phase.CONSTRAIN, "index", "rename", c.key,
                   sql("index/rename", i=idx, old=old.name))
        elif c.op == "changed":
            old, new = bl.a.indexes[c.key], bl.b.indexes[c.key]
            paths = {x.path for x in c.details}
            if new.constraint or old.constraint:
                if paths <= {"comment"}:
                    bl.comment("INDEX", qi(new.schema, new.name), new.key, new.comment)
                continue  # rebuilt with its constraint
            if paths <= {"comment"}:
                bl.comment("INDEX", qi(new.schema, new.name), new.key, new.comment)
                continue
            drop = drop_index(bl, old, Phase.CONSTRAIN)
            _after(bl, drop, add_index, new)


# ---------------------------------------------------------------- dependent objects


def _view_body(v: m.View) -> str:
    body = v.definition.strip()
    return body if body.endswith(";") else body + ";"


def add_view(bl: Builder, v: m.View) -> None:
    needs = [f"schema:{v.schema}", *bl.refs(v.definition)]
    bl.add(Phase.DEPENDENT, "view", "create", v.key, sql("view/create", v=v, body=_view_body(v)),
           provides=(v.key,), needs=tuple(k for k in needs if k != v.key))
    if v.comment is not None:
        what = "MATERIALIZED VIEW" if v.materialized else "VIEW"
        bl.comment(what, qi(v.schema, v.name), v.key, v.comment)
    for idx in bl.b.indexes.values():
        if idx.schema == v.schema and idx.table == v.name:
            bl.add(Phase.DEPENDENT, "index", "create", idx.key,
                   sql("index/create", definition=idx.definition), provides=(idx.key,),
                   needs=(v.key,))


def drop_view(bl: Builder, v: m.View, phase: Phase) -> Step:
    return bl.add(phase, "view", "drop", v.key, sql("view/drop", v=v), provides=(v.key,),
                  needs=tuple(k for k in bl.refs(v.definition) if k != v.key))


def views(bl: Builder, changes: Iterable[Change]) -> None:
    # views to rebuild: changed ones, and those reading a table whose columns change type or go
    rebuild = {c.key for c in changes if c.op == "changed"
               and {x.path for x in c.details} - {"comment"}}
    touched = {f"table:{'.'.join(_split_column_key(bl, c.key)[:2])}" for c in bl.d.changes
               if c.kind == "column" and (c.op == "removed" or (
                   c.op == "changed" and {x.path for x in c.details} & {"type", "collation"}))}
    grew = True
    while grew:
        grew = False
        for key, v in bl.a.views.items():
            if key in rebuild or key not in bl.b.views:
                continue
            if set(bl.refs(v.definition)) & (touched | rebuild):
                rebuild.add(key)
                grew = True
    for key in sorted(rebuild):
        drop_view(bl, bl.a.views[key], Phase.PREPARE)
        add_view(bl, bl.b.views[key])
    for c in changes:
        if c.op == "added":
            add_view(bl, bl.b.views[c.key])
        elif c.op == "removed":
            drop_view(bl, bl.a.views[c.key], Phase.CONTRACT)
        elif c.op == "changed" and c.key not in rebuild:
            v = bl.b.views[c.key]
            bl.comment("MATERIALIZED VIEW" if v.materialized else "VIEW",
                       qi(v.schema, v.name), v.key, v.comment)


def _settings(f: m.Function) -> list[tuple[str, str]]:
    from schemaparity.sqltext import quote_literal

    out = []
    for s in f.settings:
        name, _, value = s.partition("=")
        if name == "search_path":
            rendered = ", ".join(quote_literal(p.strip()) for p in value.split(",") if p.strip())
        else:
            rendered = quote_literal(value)
        out.append((name, rendered))
    return out


def _dollar(body: str) -> str:
    tag = "$function$"
    n = 0
    while tag in body:
        n += 1
        tag = f"$function{n}$"
    return tag


def function_sql(f: m.Function) -> str:
    if f.kind == "aggregate":
        parts = json.loads(f.body) if f.body.startswith("{") else {}
        from schemaparity.sqltext import quote_literal

        rendered = []
        for k in ("sfunc", "stype", "finalfunc", "combinefunc", "initcond", "sortop"):
            if parts.get(k) is None:
                continue
            value = quote_literal(parts[k]) if k == "initcond" else parts[k]
            if k == "sortop":
                value = f"OPERATOR({parts[k].split('(')[0]})"
            rendered.append((k.upper(), value))
        return sql("function/create_aggregate", f=f, parts=rendered)
    atomic = f.language == "sql" and (f.body.startswith("BEGIN ATOMIC") or
                                      f.body.startswith("RETURN "))
    return sql("function/create", f=f, settings=_settings(f), atomic=atomic,
               quote=_dollar(f.body))


def add_function(bl: Builder, f: m.Function, replace_only: bool = False) -> None:
    table_refs = [k for k in bl.refs(f.result, f.arguments) if k.startswith(("table:", "view:"))]
    atomic = f.language == "sql" and f.body.startswith(("BEGIN ATOMIC", "RETURN "))
    body_refs = list(bl.refs(f.body)) if atomic else []
    phase = Phase.DEPENDENT if (table_refs or any(k.startswith(("table:", "view:"))
                                                   for k in body_refs)) else Phase.PREPARE
    needs = [f"schema:{f.schema}", *table_refs, *body_refs, *bl.refs(f.arguments, f.result)]
    hazards = (H(Hazard.UNTRACKABLE_DEPENDENCY, "function bodies are not dependency-tracked: "
                                                "check what they read"),)
    bl.add(phase, "function", "replace" if replace_only else "create", f.key, function_sql(f),
           provides=(f.key,), needs=tuple(k for k in dict.fromkeys(needs) if k != f.key),
           hazards=hazards if f.language != "internal" else ())
    if f.comment is not None:
        what = {"procedure": "PROCEDURE", "aggregate": "AGGREGATE"}.get(f.kind, "FUNCTION")
        bl.comment(what, f"{qi(f.schema, f.name)}({f.identity_args})", f.key, f.comment)


def drop_function(bl: Builder, f: m.Function, phase: Phase = Phase.CONTRACT) -> Step:
    return bl.add(phase, "function", "drop", f.key, sql("function/drop", f=f),
                  provides=(f.key,),
                  hazards=(H(Hazard.UNTRACKABLE_DEPENDENCY, "callers are not tracked"),))


def functions(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            add_function(bl, bl.b.functions[c.key])
        elif c.op == "removed":
            drop_function(bl, bl.a.functions[c.key])
        elif c.op == "changed":
            old, new = bl.a.functions[c.key], bl.b.functions[c.key]
            paths = {x.path for x in c.details}
            if paths <= {"comment", "owner", "acl"}:
                what = {"procedure": "PROCEDURE", "aggregate": "AGGREGATE"}.get(new.kind,
                                                                               "FUNCTION")
                bl.comment(what, f"{qi(new.schema, new.name)}({new.identity_args})", new.key,
                           new.comment)
                continue
            if paths & {"result", "arguments", "kind"} or new.kind == "aggregate":
                drop = drop_function(bl, old, Phase.PREPARE)
                _after(bl, drop, add_function, new)
            else:
                add_function(bl, new, replace_only=True)


TRIGGER_STATE = {"origin": "ENABLE", "disabled": "DISABLE", "replica": "ENABLE REPLICA",
                 "always": "ENABLE ALWAYS"}


def add_trigger(bl: Builder, tr: m.Trigger) -> None:
    needs = (f"table:{tr.schema}.{tr.table}", *bl.refs(tr.function + "()"))
    step = bl.add(Phase.DEPENDENT, "trigger", "create", tr.key,
                  sql("trigger/create", definition=tr.definition), provides=(tr.key,),
                  needs=needs)
    if tr.enabled != "origin":
        bl.add(Phase.DEPENDENT, "trigger", "enable", tr.key,
               sql("trigger/enable", tr=tr, clause=TRIGGER_STATE[tr.enabled]),
               depends_on=(step.id,))
    if tr.comment is not None:
        bl.comment("TRIGGER", f"{qi(tr.name)} ON {qi(tr.schema, tr.table)}", tr.key, tr.comment)


def triggers(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            add_trigger(bl, bl.b.triggers[c.key])
        elif c.op == "removed":
            tr = bl.a.triggers[c.key]
            bl.add(Phase.DEPENDENT, "trigger", "drop", c.key, sql("trigger/drop", tr=tr),
                   provides=(c.key,))
        elif c.op == "changed":
            old, new = bl.a.triggers[c.key], bl.b.triggers[c.key]
            paths = {x.path for x in c.details}
            if paths <= {"enabled", "comment"}:
                if "enabled" in paths:
                    bl.add(Phase.DEPENDENT, "trigger", "enable", c.key,
                           sql("trigger/enable", tr=new, clause=TRIGGER_STATE[new.enabled]))
                if "comment" in paths:
                    bl.comment("TRIGGER", f"{qi(new.name)} ON {qi(new.schema, new.table)}",
                               new.key, new.comment)
                continue
            drop = bl.add(Phase.DEPENDENT, "trigger", "drop", c.key, sql("trigger/drop", tr=old))
            _after(bl, drop, add_trigger, new)


_AUTHZ = H(Hazard.AUTHZ_CHANGE, "policies decide which rows each role sees")


def add_policy(bl: Builder, p: m.Policy) -> None:
    bl.add(Phase.DEPENDENT, "policy", "create", p.key, sql("policy/create", p=p),
           provides=(p.key,),
           needs=(f"table:{p.schema}.{p.table}", *bl.refs(p.using, p.with_check)),
           hazards=() if bl.is_new(p.schema, p.table) else (_AUTHZ,))
    if p.comment is not None:
        bl.comment("POLICY", f"{qi(p.name)} ON {qi(p.schema, p.table)}", p.key, p.comment)


def policies(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            add_policy(bl, bl.b.policies[c.key])
        elif c.op == "removed":
            p = bl.a.policies[c.key]
            bl.add(Phase.DEPENDENT, "policy", "drop", c.key, sql("policy/drop", p=p),
                   provides=(c.key,), hazards=(_AUTHZ,))
        elif c.op == "changed":
            old, new = bl.a.policies[c.key], bl.b.policies[c.key]
            if {x.path for x in c.details} <= {"comment"}:
                bl.comment("POLICY", f"{qi(new.name)} ON {qi(new.schema, new.table)}", new.key,
                           new.comment)
                continue
            drop = bl.add(Phase.DEPENDENT, "policy", "drop", c.key, sql("policy/drop", p=old),
                          hazards=(_AUTHZ,))
            _after(bl, drop, add_policy, new)


def version_tables(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op in ("added", "changed"):
            v = bl.b.version_tables[c.key]
            bl.add(Phase.DEPENDENT, "version_table", "rows", c.key,
                   sql("version_table/rows", v=v), needs=(f"table:{v.schema}.{v.name}",))


def column_order(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        raise UnsupportedChange(
            f"{c.key}: columns are in another order; PostgreSQL cannot reorder columns in "
            "place. Recreate the table by hand, or compare with --column-order ignore")


HANDLERS = {
    "extension": extensions, "schema": schemas, "enum": enums, "domain": domains,
    "composite": composites, "collation": collations, "sequence": sequences,
    "table": tables, "column": columns, "column_order": column_order,
    "constraint": constraints, "index": indexes, "view": views, "function": functions,
    "trigger": triggers, "policy": policies, "version_table": version_tables,
}
