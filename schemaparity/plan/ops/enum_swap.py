"""Removing or reordering enum values: the type is swapped for a new one.

PostgreSQL cannot drop an enum value, so the type is renamed aside (``name__old``), created
again with the new labels, every column of it (arrays and domains over it too) is moved over
through ``text``, and the old type dropped. What PostgreSQL refuses to carry across that
(views and rules, triggers whose ``WHEN`` or ``UPDATE OF`` name such a column, policies) or
cannot rebuild from its text (indexes, CHECKs naming the old type in a cast) is dropped first,
dependents before what they read, and re-created from the target by its own handler after.

The dump records no ``pg_depend`` edges yet, so the dependents are found in the objects'
definitions: a qualified mention of the type or of a domain over it, or the name of one of
its columns in an object of that column's table (a superset: re-creating an object that did
not need it is safe).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from graphlib import TopologicalSorter

from schemaparity import model as m
from schemaparity.plan.ops.builder import Builder, H
from schemaparity.plan.ops.constraints import add_constraint, drop_constraint
from schemaparity.plan.ops.functions import add_function, drop_function
from schemaparity.plan.ops.indexes import add_index, create_sql, drop_index
from schemaparity.plan.ops.policies import add_policy
from schemaparity.plan.ops.triggers import add_trigger
from schemaparity.plan.ops.views import add_view, drop_view
from schemaparity.plan.order import UnsupportedChange
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Hazard, Phase, Step

_PART = re.compile(r'"(?:[^"]|"")+"|[^."]+')


def type_name(type_text: str) -> tuple[str, bool]:
    """``public."Status Enum"[]`` -> (``public.Status Enum``, True): a column's formatted type
    as the qualified name the model keys types by, and whether it is an array."""
    array = type_text.endswith("[]")
    parts = [p[1:-1].replace('""', '"') if p.startswith('"') else p
             for p in _PART.findall(type_text.removesuffix("[]"))]
    return ".".join(parts), array


@dataclass(frozen=True)
class Uses:
    """What of the source schema an enum swap moves or must step around."""

    domains: tuple[m.Domain, ...]  # domains over the enum (or an array of it)
    columns: tuple[dict[str, object], ...]  # template rows: the columns to move
    keys: frozenset[str]  # the enum and its domains
    names: dict[str, frozenset[str]]  # table key -> names of its columns that move


def uses_of(bl: Builder, e: m.Enum) -> Uses:
    name = f"{e.schema}.{e.name}"
    domains = tuple(d for d in bl.a.domains.values() if type_name(d.base_type)[0] == name)
    by_name = {name: None, **{f"{d.schema}.{d.name}": d for d in domains}}
    columns: list[dict[str, object]] = []
    names: dict[str, set[str]] = {}
    # a default the plan changes or drops anyway is not put back (it may name a gone value)
    redone = {c.key for c in bl.d.changes if c.kind == "column" and (
        c.op == "removed" or any(x.path == "default" for x in c.details))}
    for t in bl.a.tables.values():
        if t.partition_of:
            continue  # moved with its parent
        inherited = {c.name for p in t.inherits
                     for c in getattr(bl.a.tables.get(f"table:{p}"), "columns", ())}
        for col in t.columns:
            base, array = type_name(col.type)
            if base not in by_name:
                continue
            names.setdefault(t.key, set()).add(col.name)
            if col.name in inherited:
                continue  # moved with its parent
            d = by_name[base]
            columns.append({"schema": t.schema, "table": t.name, "column": col.name,
                            "array": array, "had_default": col.default is not None,
                            "default": None if f"column:{t.schema}.{t.name}.{col.name}"
                            in redone else col.default,
                            "type": (d.schema, d.name) if d else (e.schema, e.name)})
    return Uses(domains, tuple(columns), frozenset({e.key, *(d.key for d in domains)}),
                {k: frozenset(v) for k, v in names.items()})


def _mentions(text: str | None, columns: frozenset[str]) -> bool:
    if not text:
        return False
    for c in columns:
        simple = re.fullmatch(r"[a-z_][a-z0-9_$]*", c) is not None
        quoted = '"' + c.replace('"', '""') + '"'
        if quoted in text or (simple and re.search(rf"(?<![\w$\"]){re.escape(c)}(?![\w$])",
                                                   text)):
            return True
    return False


def _touches(bl: Builder, uses: Uses, table: str, *texts: str | None) -> bool:
    """Whether an object of ``table`` whose SQL is ``texts`` names the type or a column."""
    if uses.keys & set(bl.refs(*texts)):
        return True
    return any(_mentions(t, uses.names.get(table, frozenset())) for t in texts)


def _views(bl: Builder, uses: Uses, functions: frozenset[str]) -> list[m.View]:
    """Views reading a moving column, naming the type or calling a function of it, and the
    views reading those."""
    out: dict[str, m.View] = {}
    for v in bl.a.views.values():
        refs = set(bl.refs(v.definition))
        if refs & functions:
            out[v.key] = v
            continue
        typed = any(type_name(ty)[0] in {k.split(":", 1)[1] for k in uses.keys}
                    for _n, ty in v.columns)
        if typed or refs & uses.keys or any(
                _mentions(v.definition, uses.names[t]) for t in refs & set(uses.names)):
            out[v.key] = v
    grew = True
    while grew:
        grew = False
        for v in bl.a.views.values():
            if v.key not in out and set(bl.refs(v.definition)) & set(out):
                out[v.key] = v
                grew = True
    return [out[k] for k in sorted(out)]


def _around(bl: Builder, step: Step, why: Hazard, message: str, target_has: bool,
            depends_on: tuple[str, ...] = ()) -> Step:
    """``step`` (a drop in phase prepare, planned by the object's own handler) as a drop
    before the swap: after ``depends_on``, needing nothing the swap provides, with its
    hazard."""
    gone = ("dropped for the enum swap and re-created after it" if target_has else
            "dropped for the enum swap (the target does not have it)")
    i = next(n for n, s in enumerate(bl.steps) if s.id == step.id)  # patched once already?
    step = bl.steps[i]
    bl.steps[i] = replace(step, needs=(), depends_on=(*step.depends_on, *depends_on),
                          hazards=(*(h for h in step.hazards if h.hazard != why),
                                   H(why, f"{gone}: {message}")))
    return bl.steps[i]


def _drop_views(bl: Builder, views: list[m.View]) -> list[Step]:
    """Drop ``views``, a view reading another before it."""
    keys = {v.key for v in views}
    readers = {v.key: {r.key for r in views if v.key in bl.refs(r.definition) and r.key != v.key}
               for v in views}
    by_key = {v.key: v for v in views}
    done: dict[str, Step] = {}
    for key in TopologicalSorter(readers).static_order():
        if key not in keys:
            continue
        done[key] = _around(bl, drop_view(bl, by_key[key], Phase.PREPARE),
                            Hazard.ACCESS_EXCLUSIVE_LOCK, "queries on it fail in between",
                            key in bl.b.views, tuple(sorted(done[r].id for r in readers[key])))
    for key in sorted(keys):
        if key in bl.b.views:
            add_view(bl, bl.b.views[key])
    return list(done.values())


def _drop_triggers_and_policies(bl: Builder, uses: Uses) -> list[Step]:
    """Triggers and policies of the moving columns' tables that name them or the type."""
    out: list[Step] = []
    for tr in bl.a.triggers.values():
        if _touches(bl, uses, f"table:{tr.schema}.{tr.table}", tr.when, " ".join(tr.events)):
            out.append(_around(bl, bl.add(Phase.PREPARE, "trigger", "drop", tr.key,
                                          sql("trigger/drop", tr=tr),
                                          lock="ACCESS EXCLUSIVE"),
                               Hazard.UNTRACKABLE_DEPENDENCY, "writes in between do not fire it",
                               tr.key in bl.b.triggers))
            if tr.key in bl.b.triggers:
                add_trigger(bl, bl.b.triggers[tr.key])
    for p in bl.a.policies.values():
        if _touches(bl, uses, f"table:{p.schema}.{p.table}", p.using, p.with_check):
            out.append(_around(bl, bl.add(Phase.PREPARE, "policy", "drop", p.key,
                                          sql("policy/drop", p=p),
                                          lock="ACCESS EXCLUSIVE"),
                               Hazard.AUTHZ_CHANGE, "the rows each role sees change in between",
                               p.key in bl.b.policies))
            if p.key in bl.b.policies:
                add_policy(bl, bl.b.policies[p.key])
    return out


def _drop_checks_and_indexes(bl: Builder, uses: Uses) -> list[Step]:
    """CHECKs and indexes casting to the type: the server cannot rebuild them from their text
    once the type is renamed aside."""
    out: list[Step] = []
    for con in bl.a.constraints.values():
        if con.type == "check" and uses.keys & set(bl.refs(con.definition)):
            out.append(_around(bl, drop_constraint(bl, con, Phase.PREPARE),
                               Hazard.UNTRACKABLE_DEPENDENCY,
                               "rows written in between are not checked",
                               con.key in bl.b.constraints))
            if con.key in bl.b.constraints:
                add_constraint(bl, bl.b.constraints[con.key])
    for idx in bl.a.indexes.values():
        if idx in rebuilt_inside(bl, uses):
            continue  # a key is never missing: the swap drops and builds it in its transaction
        if not idx.constraint and uses.keys & set(bl.refs(idx.definition)):
            out.append(_around(bl, drop_index(bl, idx, Phase.PREPARE), Hazard.INDEX_DROP,
                               "queries that use it are slower in between",
                               idx.key in bl.b.indexes))
            if idx.key in bl.b.indexes:
                add_index(bl, bl.b.indexes[idx.key])
    return out


def rebuilt_inside(bl: Builder, uses: Uses) -> list[m.Index]:
    """The unique indexes casting to the type that the target keeps as they are: dropped
    and built again inside the swap's transaction, so that no duplicate can slip in while
    they are missing (the swap holds ACCESS EXCLUSIVE and rewrites the table anyway)."""
    return [idx for idx in bl.a.indexes.values()
            if idx.unique and not idx.constraint and uses.keys & set(bl.refs(idx.definition))
            and bl.b.indexes.get(idx.key) == idx]


def _partitioned(bl: Builder, idx: m.Index) -> bool:
    t = bl.a.tables.get(f"table:{idx.schema}.{idx.table}")
    return t is not None and t.kind == "partitioned"


def _drop_functions(bl: Builder, functions: list[m.Function], after: list[Step]) -> list[Step]:
    """Functions taking or returning the type, after the views calling them."""
    out = []
    for f in functions:
        out.append(_around(bl, drop_function(bl, f, Phase.PREPARE),
                           Hazard.UNTRACKABLE_DEPENDENCY, "callers fail in between",
                           f.key in bl.b.functions, tuple(s.id for s in after)))
        if f.key in bl.b.functions:
            add_function(bl, bl.b.functions[f.key])
    return out


def _retrigger_views(bl: Builder, views: list[m.View]) -> None:
    """A dropped view takes its triggers along: re-create the target's."""
    keys = {(v.schema, v.name) for v in views if v.key in bl.b.views}
    for tr in bl.b.triggers.values():
        if (tr.schema, tr.table) in keys:
            first = len(bl.steps)
            add_trigger(bl, tr)
            if len(bl.steps) > first:  # after its view
                step = bl.steps[first]
                bl.steps[first] = replace(step, needs=(*step.needs,
                                                       f"view:{tr.schema}.{tr.table}"))


def step_around(bl: Builder, uses: Uses) -> list[Step]:
    """Drop what the swap cannot carry (dependents first) and plan each one's re-creation
    from the target; returns the drops, which the swap follows."""
    functions = [f for f in bl.a.functions.values()
                 if uses.keys & set(bl.refs(f.identity_args, f.result))]
    views = _views(bl, uses, frozenset(f.key for f in functions))
    view_drops = _drop_views(bl, views)
    _retrigger_views(bl, views)
    return [*view_drops, *_drop_triggers_and_policies(bl, uses),
            *_drop_checks_and_indexes(bl, uses), *_drop_functions(bl, functions, view_drops)]


def _beyond(bl: Builder, uses: Uses) -> list[str]:
    """What uses the type in ways the swap does not step around."""
    names = {k.split(":", 1)[1] for k in uses.keys}
    out = [f"composite type {c.schema}.{c.name}" for c in bl.a.composites.values()
           if any(type_name(ty)[0] in names for _n, ty, _c in c.attributes)]
    for key, cols in sorted(uses.names.items()):
        t = bl.a.tables[key]
        if _mentions(t.partition_key, cols):
            out.append(f"the partition key of {t.schema}.{t.name}")
        out += [f"generated column {t.schema}.{t.name}.{c.name}" for c in t.columns
                if c.generated and _mentions(c.generated, cols)]
    return out


def swap(bl: Builder, old: m.Enum, new: m.Enum) -> None:
    """The swap step, after the drops of what it cannot carry."""
    uses = uses_of(bl, old)
    beyond = _beyond(bl, uses)
    if beyond:
        raise UnsupportedChange(f"{new.key}: removing or reordering values swaps the type, and "
                                f"{', '.join(beyond)} use(s) it in a way the swap does not "
                                "carry; do it by hand")
    drops = step_around(bl, uses)
    removed = [x for x in old.labels if x not in new.labels]
    why = f"values {', '.join(removed)} removed" if removed else "values reordered"
    domains = [sql("domain/create", d=bl.b.domains.get(d.key, d)) for d in uses.domains]
    keys = rebuilt_inside(bl, uses)
    bl.add(Phase.PREPARE, "enum", "swap", new.key,
           sql("enum/swap", t=new, old_name=f"{new.name}__old", columns=uses.columns,
               domains=[(d.schema, d.name, f"{d.name}__old", text)
                        for d, text in zip(uses.domains, domains, strict=True)],
               indexes=[(i, create_sql(i.definition, cascade=_partitioned(bl, i)))
                        for i in keys]),
           provides=(new.key, *(d.key for d in uses.domains), *(i.key for i in keys)),
           depends_on=tuple(s.id for s in drops),
           hazards=(H(Hazard.ENUM_VALUE_CHANGE, f"{why}: the type is swapped; rows holding a "
                                                "removed value make the cast fail"),
                    H(Hazard.TABLE_REWRITE, f"{len(uses.columns)} column(s) are rewritten"),
                    H(Hazard.ACCESS_EXCLUSIVE_LOCK, "tables using the type are locked"),
                    *(H(Hazard.INDEX_BUILD, f"unique index {i.name} is built again inside the "
                                            "swap (no duplicate slips in): writes wait for it")
                      for i in keys)),
           lock="ACCESS EXCLUSIVE")
    if new.comment is not None:  # a new type: the comment comes back
        bl.comment("TYPE", (new.schema, new.name), new.key, new.comment)
    for d in uses.domains:
        target = bl.b.domains.get(d.key)
        if target is not None and target.comment is not None:
            bl.comment("DOMAIN", (d.schema, d.name), d.key, target.comment)


def is_swap(old: m.Enum, new: m.Enum) -> bool:
    """Whether labels go or move (a swap), rather than only being added."""
    return [x for x in new.labels if x in old.labels] != list(old.labels)


def swapped_domains(bl: Builder) -> set[str]:
    """Keys of the domains the plan's enum swaps re-create (in their target version)."""
    out: set[str] = set()
    for c in bl.d.changes:
        if c.kind == "enum" and c.op == "changed" and c.key in bl.b.enums:
            old, new = bl.a.enums[c.key], bl.b.enums[c.key]
            if is_swap(old, new):
                out |= {d.key for d in uses_of(bl, old).domains}
    return out


def between_enums(bl: Builder, old_type: str, new_type: str) -> bool:
    """Whether a column moves from one enum type to another (no cast: it goes through text)."""
    (old, old_array), (new, new_array) = type_name(old_type), type_name(new_type)
    enums = {f"{e.schema}.{e.name}" for cat in (bl.a, bl.b) for e in cat.enums.values()}
    return old != new and old_array == new_array and old in enums and new in enums
