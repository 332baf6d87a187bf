"""Functions, procedures and aggregates: CREATE OR REPLACE when the signature holds, else
drop-then-create; a function reading tables waits for them. One that only takes or returns a
table's row type is made right after the table, so indexes and checks calling it can follow;
a function is dropped after the indexes, constraints, columns and triggers that call it."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, H, after
from schemaparity.plan.ops.dependents import around_functions
from schemaparity.plan.order import DROPS
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import NO_LOCK, Hazard, Phase, Step, kind_and_action

WHAT = {"procedure": "PROCEDURE", "aggregate": "AGGREGATE"}
RELATIONS = ("table:", "view:")


def _settings(f: m.Function) -> list[tuple[str, list[str]]]:
    """``SET name TO value`` of a function: search_path is a list of literals."""
    out = []
    for s in f.settings:
        name, _, value = s.partition("=")
        if name == "search_path":
            values = [p.strip() for p in value.split(",") if p.strip()]
        else:
            values = [value]
        out.append((name, values))
    return out


def _dollar(body: str) -> str:
    tag = "$function$"
    n = 0
    while tag in body:
        n += 1
        tag = f"$function{n}$"
    return tag


def _atomic(f: m.Function) -> bool:
    return f.language == "sql" and f.body.startswith(("BEGIN ATOMIC", "RETURN "))


def function_sql(f: m.Function) -> str:
    if f.kind == "aggregate":
        parts = json.loads(f.body) if f.body.startswith("{") else {}
        return sql("function/create_aggregate", f=f, parts=parts)
    return sql("function/create", f=f, settings=_settings(f), atomic=_atomic(f),
               quote=_dollar(f.body))


def _comment(bl: Builder, f: m.Function) -> None:
    bl.comment(WHAT.get(f.kind, "FUNCTION"), (f.schema, f.name), f.key, f.comment,
               args=f.identity_args)


def add_function(bl: Builder, f: m.Function, replace_only: bool = False) -> None:
    table_refs = [k for k in bl.refs(f.result, f.arguments) if k.startswith(RELATIONS)]
    body_refs = list(bl.refs(f.body)) if _atomic(f) else []
    phase = Phase.PREPARE
    if any(k.startswith("view:") for k in table_refs) or \
            any(k.startswith(RELATIONS) for k in body_refs):
        phase = Phase.DEPENDENT
    elif table_refs:  # a row type: after the table and its columns, before its indexes
        phase = Phase.CREATE
        table_refs += [f"column:{t.schema}.{t.name}.{c.name}" for k in table_refs
                       if (t := bl.b.tables.get(k)) for c in t.columns]
    needs = [f"schema:{f.schema}", *table_refs, *body_refs, *bl.refs(f.arguments, f.result)]
    hazards = (H(Hazard.UNTRACKABLE_DEPENDENCY, "function bodies are not dependency-tracked: "
                                                "check what they read"),)
    bl.add(phase, "function", "replace" if replace_only else "create", f.key, function_sql(f),
           provides=(f.key,), needs=tuple(k for k in dict.fromkeys(needs) if k != f.key),
           hazards=hazards if f.language != "internal" else (),
           lock="ACCESS SHARE" if _atomic(f) else NO_LOCK)  # the only body analyzed now
    if f.comment is not None:
        _comment(bl, f)


def _callers(bl: Builder) -> dict[str, set[str]]:
    """For each function, the keys of the indexes, constraints and columns of the current
    schema whose expressions call it (by name or as the dump recorded), of the triggers running
    it and the policies calling it, and of their tables."""
    out: dict[str, set[str]] = {}
    objs: list[tuple[str, str, tuple[str | None, ...]]] = [
        (i.key, f"table:{i.schema}.{i.table}", (i.predicate, *i.keys))
        for i in bl.a.indexes.values()]
    objs += [(c.key, f"table:{c.schema}.{c.table}", (c.definition,))
             for c in bl.a.constraints.values()]
    objs += [(f"column:{t.schema}.{t.name}.{col.name}", t.key, (col.default, col.generated))
             for t in bl.a.tables.values() for col in t.columns]
    # a trigger goes with its relation when the plan drops that
    objs += [(tr.key, f"table:{tr.schema}.{tr.table}", (tr.function + "()",))
             for tr in bl.a.triggers.values()]
    objs += [(p.key, f"table:{p.schema}.{p.table}", (p.using, p.with_check))
             for p in bl.a.policies.values()]
    for key, table, texts in objs:
        for ref in {*bl.refs(*texts), *bl.recorded(bl.a, key)}:
            if ref.startswith("function:"):
                out.setdefault(ref, set()).update((key, table))
    return out


def drop_function(bl: Builder, f: m.Function, phase: Phase = Phase.CONTRACT,
                  callers: Collection[str] = (), first: tuple[str, ...] = ()) -> Step:
    """The drop of ``f``, after the drops of its ``callers`` (keys) that the plan holds and
    the steps ``first``."""
    first += tuple(s.id for s in bl.steps_at(callers)
                   if s.phase <= phase and kind_and_action(s.id)[1] in DROPS)
    return bl.add(phase, "function", "drop", f.key, sql("function/drop", f=f),
                  provides=(f.key,), needs=(f"schema:{f.schema}",), depends_on=first,
                  hazards=(H(Hazard.UNTRACKABLE_DEPENDENCY, "callers are not tracked"),),
                  lock=NO_LOCK)


def functions(bl: Builder, changes: Iterable[Change]) -> None:
    changes = list(changes)
    callers = _callers(bl) if any(c.op == "removed" for c in changes) else {}
    for c in changes:
        if c.op == "added":
            add_function(bl, bl.b.functions[c.key])
        elif c.op == "removed":
            drop_function(bl, bl.a.functions[c.key], callers=callers.get(c.key, set()))
        elif c.op == "changed":
            old, new = bl.a.functions[c.key], bl.b.functions[c.key]
            paths = {x.path for x in c.details}
            if paths <= {"comment", "owner", "acl"}:
                _comment(bl, new)
                continue
            if paths & {"result", "arguments", "kind"} or new.kind == "aggregate":
                # what calls it goes first and comes back after (views: .views)
                drop = drop_function(bl, old, Phase.PREPARE, first=around_functions(bl, {old.key}))
                after(bl, drop, add_function, new)
            else:
                add_function(bl, new, replace_only=True)
