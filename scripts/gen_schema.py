#!/usr/bin/env python3
"""A deterministic synthetic multi-tenant PostgreSQL schema, for benchmarks.

    python scripts/gen_schema.py --tables 10000 [--seed 1] [--drift 1] > schema.sql
    psql -X -q -1 -v ON_ERROR_STOP=1 -d DSN -f schema.sql

The output is a function of the arguments only (no clock, no hash randomisation): every table
draws from its own ``random.Random(f"{seed}:{index}")``, so a table's shape does not depend on
how many tables come before or after it, nor on drift.

Shape (what a SaaS schema with tenants looks like):

* schemas ``core`` (enum types, ``organizations``, the shared ``set_updated_at()`` trigger
  function) and ``app``, ``billing``, ``crm``, ``ops`` holding the N tenant tables in turn;
* every table: ``id uuid PRIMARY KEY DEFAULT gen_random_uuid()``, ``org_id uuid NOT NULL``
  referencing ``core.organizations``, ``status`` (an enum), ``attrs jsonb``, ``created_at`` /
  ``updated_at`` / ``deleted_at timestamptz``, then 6-13 more columns (text, integer, bigint,
  numeric(12,2), boolean, timestamptz, date, a second enum) and up to two uuid foreign keys to
  earlier tables: 17 columns per table on average;
* indexes: ``(org_id, created_at)``, GIN on ``attrs``, a partial index on live rows, one on
  each foreign-key column; a CHECK on some numeric columns, a UNIQUE on every 4th table;
* a ``BEFORE UPDATE`` trigger calling ``core.set_updated_at()`` on every 5th table, a view of
  the live rows of every 10th table, row-level security with a tenant policy on every 3rd
  (``org_id = current_setting('app.org_id', true)::uuid``).

The file holds no BEGIN/COMMIT: load it with ``psql -1`` (one transaction, fastest).

``--drift PCT`` alters about PCT% of the tables (see :func:`plan_drift` and
:data:`DRIFT_KINDS`), so a diff or plan benchmark can compare a schema with its drifted twin:
``--drift 0`` and ``--drift 1`` with the same seed and size give two files whose only
differences are the changes listed in the drifted file's header.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Container, Iterator
from dataclasses import dataclass, field

SCHEMAS = ("app", "billing", "crm", "ops")
ENUMS: dict[str, tuple[str, ...]] = {
    "record_status": ("draft", "active", "suspended", "archived"),
    "priority": ("low", "normal", "high", "urgent"),
    "currency": ("usd", "eur", "gbp", "jpy", "chf"),
    "channel": ("web", "email", "phone", "api", "partner"),
}
NOUNS = (
    "accounts", "addresses", "agents", "alerts", "approvals", "assets", "audits", "batches",
    "bookings", "budgets", "campaigns", "cases", "charges", "checklists", "claims", "contacts",
    "contracts", "coupons", "credits", "deals", "deliveries", "devices", "discounts", "disputes",
    "documents", "employees", "entries", "estimates", "events", "expenses", "feedback", "files",
    "forms", "goals", "grants", "incidents", "invoices", "items", "jobs", "leads", "ledgers",
    "licenses", "locations", "meetings", "messages", "milestones", "notes", "offers", "orders",
    "payments", "payouts", "plans", "policies", "products", "projects", "quotes", "receipts",
    "refunds", "reports", "requests", "reservations", "reviews", "rules", "schedules",
    "segments", "sessions", "shipments", "skills", "subscriptions", "suppliers", "surveys",
    "tasks", "teams", "templates", "tickets", "timesheets", "transfers", "trips", "vendors",
    "visits", "vouchers", "warehouses", "webhooks", "workflows",
)
# (weight, SQL type, name stems) of the extra columns
EXTRA_TYPES: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (4, "text", ("title", "label", "code", "reference", "summary", "external_ref", "notes",
                 "description", "email", "phone", "url", "locale")),
    (2, "integer", ("quantity", "sort_order", "attempts", "score", "rank", "revision")),
    (1, "bigint", ("external_id", "sequence_no", "bytes_used")),
    (2, "numeric(12,2)", ("amount", "price", "cost", "balance", "tax", "discount")),
    (2, "boolean", ("is_public", "is_locked", "is_billable", "is_verified", "is_pinned")),
    (2, "timestamptz", ("starts_at", "ends_at", "due_at", "closed_at", "synced_at")),
    (1, "date", ("effective_on", "expires_on", "billed_on")),
    (1, "core.priority", ("priority", "severity", "escalation")),
    (1, "core.currency", ("currency", "billing_currency", "payout_currency")),
    (1, "core.channel", ("channel", "source_channel", "reply_channel")),
)
TYPE_CHANGES = {  # drift "change_type": old -> new
    "text": "character varying(200)",
    "integer": "bigint",
    "bigint": "numeric(20,0)",
    "numeric(12,2)": "numeric(14,4)",
    "date": "timestamp with time zone",
    "timestamptz": "timestamp without time zone",
}
TENANT_EXPR = "org_id = current_setting('app.org_id', true)::uuid"


# ---------------------------------------------------------------- the model


@dataclass
class Column:
    name: str
    type: str
    not_null: bool = False
    default: str | None = None

    def sql(self) -> str:
        out = f"{self.name} {self.type}"
        if self.default is not None:
            out += f" DEFAULT {self.default}"
        if self.not_null:
            out += " NOT NULL"
        return out


@dataclass
class Index:
    name: str
    definition: str  # after "ON <table>": "USING gin (attrs)", "(org_id) WHERE ..."
    columns: tuple[str, ...]  # the columns it uses (drift must not drop them)


@dataclass
class Table:
    index: int  # 1-based position
    schema: str
    name: str
    columns: list[Column]
    indexes: list[Index]
    checks: list[tuple[str, str]]  # (name, expression)
    foreign_keys: list[tuple[str, str]]  # (column, referenced qualified table)
    unique: tuple[str, ...] | None
    trigger: bool
    view: bool
    rls: bool
    protected: set[str] = field(default_factory=set)  # columns drift must leave alone

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class DriftChange:
    """One deliberate difference between a schema and its drifted twin."""

    table: str  # qualified table name
    kind: str  # one of DRIFT_KINDS
    detail: str  # what changed, for people


def table_name(index: int) -> tuple[str, str]:
    """Schema and name of the index-th (1-based) tenant table."""
    noun = NOUNS[(index - 1) % len(NOUNS)]
    return SCHEMAS[(index - 1) % len(SCHEMAS)], f"{noun}_{index:05d}"


def build_table(index: int, seed: int) -> Table:
    """The index-th table, drawn from its own RNG so it never depends on its neighbours."""
    rng = random.Random(f"{seed}:{index}")
    schema, name = table_name(index)
    columns = [
        Column("id", "uuid", True, "gen_random_uuid()"),
        Column("org_id", "uuid", True),
        Column("status", "core.record_status", True, "'active'::core.record_status"),
        Column("attrs", "jsonb", True, "'{}'::jsonb"),
        Column("created_at", "timestamptz", True, "now()"),
        Column("updated_at", "timestamptz", True, "now()"),
        Column("deleted_at", "timestamptz"),
    ]
    protected = {c.name for c in columns}
    used = set(protected)
    checks: list[tuple[str, str]] = []
    weights = [w for w, _t, _s in EXTRA_TYPES]
    for _ in range(rng.randint(6, 13)):
        _w, sql_type, stems = rng.choices(EXTRA_TYPES, weights)[0]
        fresh = [s for s in stems if s not in used]
        col = rng.choice(fresh) if fresh else f"{rng.choice(stems)}_{len(used)}"
        used.add(col)
        not_null = rng.random() < 0.3
        default = None
        if sql_type == "boolean":
            not_null, default = True, "false"
        elif sql_type == "integer" and rng.random() < 0.5:
            default = "0"
        elif sql_type == "timestamptz" and rng.random() < 0.3:
            default = "now()"
        columns.append(Column(col, sql_type, not_null, default))
        if sql_type == "numeric(12,2)" and rng.random() < 0.4:
            checks.append((f"{name}_{col}_check", f"{col} >= 0"))
            protected.add(col)
    foreign_keys: list[tuple[str, str]] = []
    if index > 1:
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            target = rng.randint(max(1, index - 500), index - 1)
            t_schema, t_name = table_name(target)
            col = f"{t_name}_id"
            if col in used:
                continue
            used.add(col)
            protected.add(col)
            columns.append(Column(col, "uuid"))
            foreign_keys.append((col, f"{t_schema}.{t_name}"))
    indexes = [
        Index(f"{name}_org_created_idx", "(org_id, created_at DESC)", ("org_id", "created_at")),
        Index(f"{name}_attrs_idx",
              "USING gin (attrs jsonb_path_ops)" if rng.random() < 0.5 else "USING gin (attrs)",
              ("attrs",)),
        Index(f"{name}_live_idx", "(org_id, status) WHERE deleted_at IS NULL",
              ("org_id", "status", "deleted_at")),
    ]
    for col, _target in foreign_keys:
        indexes.append(Index(f"{name}_{col}_idx", f"({col})", (col,)))
    unique = None
    texts = [c.name for c in columns[7:] if c.type == "text"]
    if index % 4 == 0 and texts:
        unique = ("org_id", texts[0])
        protected.add(texts[0])
    return Table(index=index, schema=schema, name=name, columns=columns, indexes=indexes,
                 checks=checks, foreign_keys=foreign_keys, unique=unique,
                 trigger=index % 5 == 0, view=index % 10 == 0, rls=index % 3 == 0,
                 protected=protected)


def build_schema(tables: int, seed: int) -> list[Table]:
    return [build_table(i, seed) for i in range(1, tables + 1)]


# ---------------------------------------------------------------- drift

DRIFT_KINDS = (
    "add_column",     # a new nullable text column
    "drop_column",    # an extra column no index, check, key or view uses
    "change_type",    # an extra column's type (see TYPE_CHANGES)
    "drop_index",     # the partial index on live rows
    "add_index",      # a new btree index on an extra column
    "add_check",      # a CHECK constraint on created_at <= updated_at
    "toggle_not_null",  # NOT NULL added to / removed from an extra column
    "change_default",  # status defaults to 'draft' instead of 'active'
)


def plan_drift(tables: list[Table], pct: float, seed: int) -> list[tuple[int, str]]:
    """Which tables drift and how: ``(table index, kind)`` pairs, sorted by table.

    ``round(len(tables) * pct / 100)`` tables (at least one when ``pct > 0``) are drawn
    without replacement from ``random.Random(f"{seed}:drift")``; each gets one kind, cycling
    through :data:`DRIFT_KINDS` in a shuffled order so every kind appears once there are
    enough drifted tables. The same arguments always give the same plan, and the plan for a
    size does not depend on the tables' contents.
    """
    if pct <= 0 or not tables:
        return []
    count = min(len(tables), max(1, round(len(tables) * pct / 100)))
    rng = random.Random(f"{seed}:drift")
    chosen = sorted(rng.sample(range(1, len(tables) + 1), count))
    kinds = list(DRIFT_KINDS)
    rng.shuffle(kinds)
    return [(idx, kinds[n % len(kinds)]) for n, idx in enumerate(chosen)]


def apply_drift(tables: list[Table], pct: float, seed: int) -> list[DriftChange]:
    """Alter the tables in place as :func:`plan_drift` says; returns what changed."""
    changes = []
    for idx, kind in plan_drift(tables, pct, seed):
        table = tables[idx - 1]
        changes.append(DriftChange(table.qualified, kind, _drift_one(table, kind)))
    return changes


def _free_columns(table: Table, types: Container[str] | None = None) -> list[Column]:
    """Columns drift may touch: extras that no key, index, check or view uses."""
    return [c for c in table.columns if c.name not in table.protected
            and (types is None or c.type in types)]


def _drift_one(table: Table, kind: str) -> str:
    """Apply one drift kind to a table; falls back to add_column when the kind cannot apply."""
    free = _free_columns(table)
    if kind == "drop_column" and free:
        col = free[-1]
        table.columns.remove(col)
        table.indexes = [i for i in table.indexes if col.name not in i.columns]
        return f"drop column {col.name}"
    if kind == "change_type":
        candidates = _free_columns(table, TYPE_CHANGES)
        if candidates:
            col = candidates[0]
            old, col.type = col.type, TYPE_CHANGES[col.type]
            if col.default is not None and old in ("timestamptz", "date"):
                col.default = "now()"
            return f"column {col.name} type {old} -> {col.type}"
    if kind == "drop_index":
        live = [i for i in table.indexes if i.name.endswith("_live_idx")]
        if live:
            table.indexes.remove(live[0])
            return f"drop index {live[0].name}"
    if kind == "add_index" and free:
        col = free[0]
        table.indexes.append(Index(f"{table.name}_{col.name}_drift_idx", f"({col.name})",
                                   (col.name,)))
        table.protected.add(col.name)
        return f"add index on {col.name}"
    if kind == "add_check":
        name = f"{table.name}_updated_after_created"
        table.checks.append((name, "updated_at >= created_at"))
        return f"add check {name}"
    if kind == "toggle_not_null" and free:
        col = next((c for c in free if c.type != "boolean"), None)
        if col is not None:
            col.not_null = not col.not_null
            return f"column {col.name} {'set' if col.not_null else 'drop'} not null"
    if kind == "change_default":
        status = next(c for c in table.columns if c.name == "status")
        status.default = "'draft'::core.record_status"
        return "column status default 'draft'"
    table.columns.append(Column("drift_note", "text"))
    return f"add column drift_note (instead of {kind})" if kind != "add_column" else \
        "add column drift_note"


# ---------------------------------------------------------------- SQL


def render(
    tables: list[Table], seed: int, drift: float, changes: list[DriftChange]
) -> Iterator[str]:
    """The schema as SQL text, in chunks; no BEGIN/COMMIT (load with ``psql -1``)."""
    ncols = sum(len(t.columns) for t in tables) + 4
    yield (f"-- schemaparity synthetic multi-tenant schema: tables={len(tables)} seed={seed} "
           f"drift={drift:g}\n-- generated by scripts/gen_schema.py; about {ncols} columns\n")
    for change in changes:
        yield f"-- drift: {change.table}: {change.kind}: {change.detail}\n"
    yield "SET client_min_messages = warning;\nSET check_function_bodies = false;\n\n"
    yield "CREATE SCHEMA core;\n" + "".join(f"CREATE SCHEMA {s};\n" for s in SCHEMAS)
    for name, labels in ENUMS.items():
        values = ", ".join(f"'{v}'" for v in labels)
        yield f"CREATE TYPE core.{name} AS ENUM ({values});\n"
    yield (
        "\nCREATE TABLE core.organizations (\n"
        "    id uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY,\n"
        "    slug text NOT NULL UNIQUE,\n"
        "    name text NOT NULL,\n"
        "    created_at timestamptz DEFAULT now() NOT NULL\n"
        ");\n\n"
        "CREATE FUNCTION core.set_updated_at() RETURNS trigger\n"
        "    LANGUAGE plpgsql\n"
        "    AS $$\nBEGIN\n    NEW.updated_at := now();\n    RETURN NEW;\nEND\n$$;\n"
    )
    for table in tables:
        yield table_sql(table)


def table_sql(t: Table) -> str:
    q = t.qualified
    lines = [c.sql() for c in t.columns]
    lines.append(f"CONSTRAINT {t.name}_pkey PRIMARY KEY (id)")
    lines.append(f"CONSTRAINT {t.name}_org_id_fkey FOREIGN KEY (org_id) "
                 "REFERENCES core.organizations (id) ON DELETE CASCADE")
    for col, target in t.foreign_keys:
        lines.append(f"CONSTRAINT {t.name}_{col}_fkey FOREIGN KEY ({col}) "
                     f"REFERENCES {target} (id) ON DELETE SET NULL")
    if t.unique:
        lines.append(f"CONSTRAINT {t.name}_{t.unique[1]}_key UNIQUE ({', '.join(t.unique)})")
    for name, expr in t.checks:
        lines.append(f"CONSTRAINT {name} CHECK ({expr})")
    out = [f"\nCREATE TABLE {q} (\n    " + ",\n    ".join(lines) + "\n);\n"]
    for ix in t.indexes:
        out.append(f"CREATE INDEX {ix.name} ON {q} {ix.definition};\n")
    if t.trigger:
        out.append(f"CREATE TRIGGER {t.name}_set_updated_at BEFORE UPDATE ON {q} "
                   "FOR EACH ROW EXECUTE FUNCTION core.set_updated_at();\n")
    if t.view:
        security = " WITH (security_barrier = true)" if t.rls else ""
        out.append(f"CREATE VIEW {t.schema}.{t.name}_live{security} AS\n"
                   f"    SELECT id, org_id, status, attrs, created_at, updated_at\n"
                   f"    FROM {q}\n    WHERE deleted_at IS NULL;\n")
    if t.rls:
        out.append(f"ALTER TABLE {q} ENABLE ROW LEVEL SECURITY;\n"
                   f"CREATE POLICY tenant_isolation ON {q}\n"
                   f"    USING ({TENANT_EXPR})\n    WITH CHECK ({TENANT_EXPR});\n")
    return "".join(out)


def generate(tables: int, seed: int = 1, drift: float = 0.0) -> Iterator[str]:
    """The SQL text of a schema with ``tables`` tenant tables, in chunks."""
    model = build_schema(tables, seed)
    changes = apply_drift(model, drift, seed)
    return render(model, seed, drift, changes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, required=True, help="number of tenant tables")
    parser.add_argument("--seed", type=int, default=1, help="RNG seed (default 1)")
    parser.add_argument("--drift", type=float, default=0.0, metavar="PCT",
                        help="alter about PCT%% of the tables (default 0)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    args = parser.parse_args(argv)
    if args.tables < 1:
        parser.error("--tables must be at least 1")
    if not 0 <= args.drift <= 100:
        parser.error("--drift must be between 0 and 100")
    chunks = generate(args.tables, args.seed, args.drift)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(chunks)
        return 0
    try:
        sys.stdout.writelines(chunks)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into head
        sys.stdout = None  # type: ignore[assignment]  # nothing left to flush at exit
    return 0


if __name__ == "__main__":
    sys.exit(main())
