"""Insert steps (``[[schemaparity.plan.insert]]``): the rows a SELECT yields go into a table
of the target, in the backfill phase of a plan that creates or changes that table, in batches
by key, each row only when no row with its key is there: a re-run inserts nothing, and the
step ends by checking that every row the SELECT yields is in the table.

Linear in the rows: the SELECT is evaluated once into a table of the session (``pg_temp``),
numbered in key order; the key check reads it, the rows whose key the table holds already
leave it (``INTERSECT`` with the table's keys: one read of the table, never an index probe a
row that statistics from before the insert may make quadratic), and the batches read it by
number (``ON CONFLICT DO NOTHING`` for any unique key that backs the key, so a row a writer
added meanwhile is left alone); the final check is one ``EXCEPT``. Neither the SELECT nor
the table is read again per batch.

They run after the table and its columns exist and after the backfills and inserts of the
tables the SELECT reads, and before the constraints of the constrain phase (NOT NULL, FKs,
unique keys) validate what they wrote.
"""

from __future__ import annotations

import hashlib

from schemaparity.datasteps import InsertStep
from schemaparity.plan.ops.builder import Builder, H
from schemaparity.plan.order import PlanError
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Hazard, Phase


def inserts(bl: Builder) -> None:
    """One step an insert of the options whose table the plan creates or changes (the data
    goes with that change: a plan that leaves the table alone, such as the second plan after
    the first has landed, has no step for it)."""
    for ins in bl.opts.inserts:
        if _changed(bl, *ins.schema_name):
            _insert(bl, ins)


def _changed(bl: Builder, schema: str, name: str) -> bool:
    table = f"table:{schema}.{name}"
    parts = tuple(f"{kind}:{schema}.{name}." for kind in ("column", "constraint", "index"))
    return any(c.key == table or c.key.startswith(parts) for c in bl.d.changes)


def _insert(bl: Builder, ins: InsertStep) -> None:
    schema, name = ins.schema_name
    t = bl.b.tables.get(f"table:{schema}.{name}")
    if t is None:
        raise PlanError(f"insert into {ins.table}: the plan drops it")
    missing = [c for c in ins.columns if t.column(c) is None]
    if missing:
        raise PlanError(f"insert into {ins.table}: the SELECT yields {missing[0]!r}, which is "
                        f"not a column of {ins.table}")
    row = "_sp_row"
    while row in ins.columns:
        row += "_"
    text = sql("insert/rows", schema=schema, table=name, select=ins.select, key=list(ins.key),
               columns=list(ins.columns), batch_size=bl.opts.batch_size, row=row,
               temp=_temp_name(schema, name))
    reads = bl.refs(ins.select)
    columns = tuple(f"column:{schema}.{name}.{c}" for c in ins.columns)
    bl.add(Phase.BACKFILL, "insert", "rows", t.key, text, transactional=False,
           needs=(t.key, *columns, *reads, *_filled(bl, reads),
                  *(f"inserted:{k}" for k in reads if k != t.key)),
           provides=(f"inserted:{t.key}",),
           hazards=(H(Hazard.NEEDS_BACKFILL,
                      f"the rows the SELECT yields go into {ins.table} in batches of "
                      f"{bl.opts.batch_size}, keyed by ({', '.join(ins.key)}): a row whose "
                      "key is there already is left alone, so a re-run inserts nothing"),),
           lock="ROW EXCLUSIVE")


def _temp_name(schema: str, name: str) -> str:
    """The session table an insert step keeps its rows to insert in: named for the step's
    table (a short digest, so any name fits)."""
    return "_sp_insert_" + hashlib.sha256(f"{schema}.{name}".encode()).hexdigest()[:12]


def _filled(bl: Builder, reads: tuple[str, ...]) -> tuple[str, ...]:
    """The backfills of the tables a SELECT reads: it sees their values, not NULLs."""
    tables = {k.split(":", 1)[1] + "." for k in reads if k.startswith("table:")}
    return tuple(sorted(p for s in bl.steps for p in s.provides
                        if p.startswith("filled:column:")
                        and any(p.removeprefix("filled:column:").startswith(n)
                                for n in tables)))
