"""Verify's account of the data steps (seeded runs): the rows a backfill rule with
``unresolved = "delete"`` removes are exactly those it finds no value for, and every insert
step run a second time inserts nothing (each step checks itself that every row its SELECT
yields is in the table).

Verify calls :func:`ledger` once the copy is seeded (it lowers the row counts a kept table
must keep by the rows it may lose) and :meth:`Ledger.check` once the plan has run.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from schemaparity import model as m
from schemaparity.plan.ops.backfill import backfill_rule
from schemaparity.plan.render import Rendered
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import kind_and_action


@dataclass
class Ledger:
    before: dict[str, int]  # table key -> rows it must hold after the plan (deletions out)
    deleted: dict[str, int]  # table key -> rows the delete rules remove
    problems: list[str]

    def check(self, conn: psycopg.Connection, rendered: Rendered) -> list[str]:
        """After the plan: deletions as counted, and the insert steps idempotent."""
        problems = list(self.problems)
        for key, n in sorted(self.deleted.items()):
            schema, table = key.split(":", 1)[1].split(".", 1)
            left = conn.execute(sql("insert/count", schema=schema, table=table)).fetchone()
            if left is not None and left[0] != self.before[key]:
                problems.append(f"{key}: {self.before[key] + n - left[0]} row(s) deleted, but "
                                f"the backfill rules left {n} without a value")
        for step_id, text in insert_steps(rendered):
            schema, table = step_id.partition(":")[2].split("#")[0].split(".", 1)
            count = sql("insert/count", schema=schema, table=table)
            n = conn.execute(count).fetchone()[0]  # type: ignore[index]
            conn.execute(text)  # type: ignore[arg-type]
            again = conn.execute(count).fetchone()[0]  # type: ignore[index]
            if again != n:
                problems.append(f"step {step_id} run again inserted {again - n} row(s)")
        return problems


def ledger(conn: psycopg.Connection, source: m.Catalog, before: dict[str, int],
           backfill: dict[str, str], unresolved: dict[str, str]) -> Ledger:
    """Before the plan: count, per table, the rows its delete rules will find no value for
    (evaluated on the seeded source; ``before`` is lowered by them, in place)."""
    rules: dict[str, list[tuple[str, bool, str]]] = {}
    for column, rule in sorted(backfill.items()):
        if backfill_rule(unresolved, column) != "delete":
            continue
        schema, table, col = column.split(".", 2)
        t = source.tables.get(f"table:{schema}.{table}")
        if t is not None and t.key in before:
            rules.setdefault(t.key, []).append((col, t.column(col) is not None, rule))
    deleted: dict[str, int] = {}
    problems = []
    for key, found in sorted(rules.items()):
        schema, table = key.split(":", 1)[1].split(".", 1)
        try:
            row = conn.execute(sql("insert/unresolved_count", schema=schema, table=table,
                                   rules=found)).fetchone()
        except psycopg.Error as exc:
            problems.append(f"{key}: a delete rule cannot be evaluated before the plan, so the "
                            f"rows it deletes are not accounted for ({exc.diag.message_primary})")
            continue
        deleted[key] = row[0] if row else 0
        before[key] -= deleted[key]
    return Ledger(before, deleted, problems)


def insert_steps(rendered: Rendered) -> list[tuple[str, str]]:
    """(step id, its DO block) of each insert step of a rendered plan."""
    lines = rendered.text.splitlines()
    out = []
    for first, last, step_id in rendered.lines:
        if kind_and_action(step_id) != ("insert", "rows"):
            continue
        block = lines[first - 1:last]
        start = next(i for i, line in enumerate(block) if line.startswith("DO "))
        end = max(i for i, line in enumerate(block) if line.endswith("$;"))
        out.append((step_id, "\n".join(block[start:end + 1])))
    return out
