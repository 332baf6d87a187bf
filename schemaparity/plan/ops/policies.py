"""Row-level security policies: every change to one is an authorization change."""

from __future__ import annotations

import re
from collections.abc import Iterable

from schemaparity import model as m
from schemaparity.diff import Change
from schemaparity.plan.ops.builder import Builder, H, after
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import NO_LOCK, Hazard, Phase

AUTHZ = H(Hazard.AUTHZ_CHANGE, "policies decide which rows each role sees")
LOCK = "ACCESS EXCLUSIVE"  # CREATE / DROP POLICY on the table (a test reads pg_locks)
READS = "ACCESS SHARE"  # on the tables a new table's policy reads in a subquery
_SUBQUERY = re.compile(r"\bselect\b", re.I)


def _comment(bl: Builder, p: m.Policy) -> None:
    bl.comment("POLICY", (p.name,), p.key, p.comment, on=(p.schema, p.table))


def add_policy(bl: Builder, p: m.Policy) -> None:
    bl.add(Phase.DEPENDENT, "policy", "create", p.key, sql("policy/create", p=p),
           provides=(p.key,),
           needs=(f"table:{p.schema}.{p.table}", *bl.refs(p.using, p.with_check)),
           hazards=() if bl.is_new(p.schema, p.table) else (AUTHZ,),
           lock=LOCK if not bl.is_new(p.schema, p.table) else READS if
           _SUBQUERY.search(f"{p.using} {p.with_check}") else NO_LOCK)
    if p.comment is not None:
        _comment(bl, p)


def policies(bl: Builder, changes: Iterable[Change]) -> None:
    for c in changes:
        if c.op == "added":
            add_policy(bl, bl.b.policies[c.key])
        elif c.op == "removed":
            p = bl.a.policies[c.key]
            bl.add(Phase.DEPENDENT, "policy", "drop", c.key, sql("policy/drop", p=p),
                   provides=(c.key,), hazards=(AUTHZ,), lock=LOCK)
        elif c.op == "changed":
            old, new = bl.a.policies[c.key], bl.b.policies[c.key]
            if {x.path for x in c.details} <= {"comment"}:
                _comment(bl, new)
                continue
            drop = bl.add(Phase.DEPENDENT, "policy", "drop", c.key, sql("policy/drop", p=old),
                          hazards=(AUTHZ,), lock=LOCK)
            after(bl, drop, add_policy, new)
