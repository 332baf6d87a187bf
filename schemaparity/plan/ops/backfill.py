"""Giving a column values before it becomes NOT NULL: a batched backfill by primary key (or one
UPDATE without one), then SET NOT NULL without a long lock (CHECK NOT VALID, VALIDATE)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from fnmatch import fnmatchcase

from schemaparity import model as m
from schemaparity.plan.ops.builder import Builder, H
from schemaparity.plan.order import PlanError
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Hazard, Phase

GLOB = re.compile(r"[*?[]")  # a backfill key with these is a pattern (fnmatch)


def rule_for(bl: Builder, t: m.Table, col: m.Column) -> str | None:
    """The backfill rule the options give for ``t.col``, if any (found once a column: the
    column's step and its pre-check both ask)."""
    column = f"{t.schema}.{t.name}.{col.name}"
    if column not in bl.rules:
        bl.rules[column] = backfill_rule(bl.opts.backfill, column)
    return bl.rules[column]


def backfill_rule(rules: Mapping[str, str], column: str) -> str | None:
    """The rule for ``column`` ("schema.table.column"): its own, else the one of the globs
    (``public.*.org_id``) matching it; globs that match and differ are refused, never
    chosen between."""
    if column in rules:
        return rules[column]
    matched = sorted(p for p in rules if GLOB.search(p) and fnmatchcase(column, p))
    if len({rules[p] for p in matched}) > 1:
        raise PlanError(f"{column}: the backfill rules {', '.join(matched)} all match it "
                        "with different values; give it its own rule")
    return rules[matched[0]] if matched else None


def resolve_backfill(rules: Mapping[str, str], catalog: m.Catalog) -> dict[str, str]:
    """``rules`` with each glob replaced by the columns of ``catalog`` it gives a value to
    (those with a rule of their own keep it)."""
    out = {k: v for k, v in rules.items() if not GLOB.search(k)}
    for t in catalog.tables.values():
        for col in t.columns:
            column = f"{t.schema}.{t.name}.{col.name}"
            if column not in out:
                try:
                    rule = backfill_rule(rules, column)
                except PlanError:
                    continue  # ambiguous: the planner refused it
                if rule is not None:
                    out[column] = rule
    return out


def _pk_columns(bl: Builder, t: m.Table) -> list[str]:
    for con in bl.on_table(bl.b, "constraints", t.schema, t.name):
        if con.type == "primary key":
            return list(con.columns)
    return []


def _check_name(t: m.Table, col: m.Column) -> str:
    return f"{t.name}_{col.name}_not_null_sp"[:63]


def not_null(bl: Builder, t: m.Table, col: m.Column, key: str, after: str) -> str:
    """SET NOT NULL without a long lock: CHECK NOT VALID, VALIDATE, SET NOT NULL, drop CHECK;
    returns the id of the last step."""
    check = _check_name(t, col)
    s1 = bl.add(Phase.CONSTRAIN, "column", "not_null_check", key,
                sql("column/not_null_check", t=t, c=col, check=check), depends_on=(after,),
                needs=(t.key,), lock="ACCESS EXCLUSIVE")
    s2 = bl.add(Phase.CONSTRAIN, "column", "validate_not_null", key,
                sql("column/validate_check", t=t, c=col, check=check), depends_on=(s1.id,),
                hazards=(H(Hazard.FULL_TABLE_SCAN, "VALIDATE reads every row under SHARE UPDATE "
                                                   "EXCLUSIVE (writes go on)"),),
                lock="SHARE UPDATE EXCLUSIVE")
    return bl.add(Phase.CONSTRAIN, "column", "set_not_null", key,
                  sql("column/set_not_null", t=t, c=col, check=check), depends_on=(s2.id,),
                  lock="ACCESS EXCLUSIVE").id


def _empty_guard(bl: Builder, t: m.Table, col: m.Column, key: str) -> None:
    """The rule ``NULL`` says the table is expected to have no row to fill: before anything
    changes, a guard stops the plan with a clear message when it has (the backfill checks
    again, for rows written in between)."""
    old = bl.a.tables.get(t.key)
    exists = old is not None and old.column(col.name) is not None
    tag = "$guard$"
    while tag in t.schema + t.name + col.name:  # names cannot end the block
        tag = tag[:-1] + "_$"
    bl.add(Phase.PREPARE, "column", "empty_guard", key,
           sql("column/empty_guard", t=t, c=col, exists=exists, tag=tag),
           hazards=(H(Hazard.FULL_TABLE_SCAN, f"looks for rows where {col.name} is NULL"),)
           if exists else (), lock=bl.live(t.schema, t.name, "ACCESS SHARE"))


def deletes_unresolved(bl: Builder, t: m.Table, col: m.Column) -> bool:
    """Whether the rows the backfill rule of ``t.col`` leaves NULL are deleted (the rule's
    ``unresolved = "delete"``) rather than stopping the plan."""
    return backfill_rule(bl.opts.unresolved, f"{t.schema}.{t.name}.{col.name}") == "delete"


def backfill(bl: Builder, t: m.Table, col: m.Column, key: str, rule: str,
             after: str | None) -> str:
    """The step giving ``col`` the values of ``rule`` where it is NULL; returns its id."""
    if rule.strip().upper() == "NULL":
        _empty_guard(bl, t, col, key)
    pk = _pk_columns(bl, t)
    if col.name in pk:
        pk = []  # rows are NULL in the very key that would batch them: one UPDATE
    delete = deletes_unresolved(bl, t, col)
    if pk:
        text = sql("column/backfill", t=t, c=col, rule=rule, pk=pk,
                   pk_types=[t.column(k).type for k in pk],  # type: ignore[union-attr]
                   batch_size=bl.opts.batch_size, delete=delete)
        hazards = (H(Hazard.NEEDS_BACKFILL, f"rows get {col.name} = {rule} in batches of "
                                            f"{bl.opts.batch_size}, by primary key"),)
    else:
        text = sql("column/backfill_single", t=t, c=col, rule=rule, delete=delete)
        hazards = (H(Hazard.NEEDS_BACKFILL, f"rows get {col.name} = {rule}"),
                   H(Hazard.FULL_TABLE_SCAN, f"{t.schema}.{t.name} has no primary key to "
                                             "batch by: one UPDATE holds its row locks to "
                                             "the end"))
    if delete:
        hazards += (H(Hazard.DELETES_DATA, f"rows of {t.schema}.{t.name} the rule finds no "
                                           f"{col.name} for are deleted (unresolved = "
                                           "\"delete\"), with the rows that cascade from them"),)
    step = bl.add(Phase.BACKFILL, "column", "backfill", key, text,
                  transactional=False, depends_on=(after,) if after else (),
                  needs=(t.key, f"guarded:{t.schema}.{t.name}", *bl.refs(rule),
                         *_row_refs(t, rule)),
                  provides=(f"filled:{key}",), hazards=hazards, lock="ROW EXCLUSIVE")
    return step.id


def _row_refs(t: m.Table, rule: str) -> tuple[str, ...]:
    """Columns of the row (``t.col`` / ``t."Col"``) a rule reads: filled before it runs."""
    names = {n.replace('""', '"') for n in re.findall(r'\bt\."((?:[^"]|"")+)"', rule)}
    names |= set(re.findall(r"\bt\.([a-z_][a-z0-9_$]*)", rule))
    return tuple(f"filled:column:{t.schema}.{t.name}.{n}" for n in sorted(names)
                 if t.column(n) is not None)
