"""Counts by kind, so a design document's claims ("15 models, 12 enums, 54 indexes") can be
checked against what a database really holds.

How indexes are counted. ``total`` is every index in the catalog (on tables and materialized
views). The *categories* overlap: one index can be in several, so they do not add up:

* ``primary_key``: backs a PRIMARY KEY constraint;
* ``unique``: unique but not a primary key (UNIQUE constraints and CREATE UNIQUE INDEX alike,
  partial ones included);
* ``fk_supporting``: can serve a foreign key of its table: complete (not partial), a btree
  (or a hash index on one column), and its leading key columns are exactly the foreign key's
  columns, in any order (the test lint's SP101 uses); ``fk_supporting_single_column`` are
  those with one key column;
* ``composite``: two or more key columns (INCLUDE columns are not key columns);
* ``partial``: has a WHERE predicate;
* ``expression``: at least one key is an expression rather than a column;
* ``gin_gist``: method gin or gist (``by_method`` has every method).

The *breakdown* puts each index in exactly one bucket, the first that applies, so it adds up
to ``total``: ``primary_key``, then ``unique``, then ``composite`` (non-unique, two or more
key columns), then ``fk_single_column`` (non-unique, one key column, fk-supporting), then
``other`` (the remaining single-key indexes: plain, partial, expression, GIN/GiST, ...).
That is the split design documents usually mean by "15 PK, 8 unique, 25 FK, 6 composite".

Other counts: ``columns`` are table columns (views excluded); ``jsonb`` / ``json`` count
columns whose type is exactly that (arrays not included); foreign keys are split by their
ON DELETE and ON UPDATE actions; ``views`` includes materialized views, also counted apart.

``schemaparity.report`` registers the text and JSON renderers as the ``stats`` formats.
"""

from __future__ import annotations

import json
from typing import Any

from schemaparity import model as m
from schemaparity.apimodules import callable_module
from schemaparity.lint.helpers import foreign_keys, indexes_by_table, key_column, supports

JSON_FORMAT_VERSION = 1
ACTIONS = ("no action", "restrict", "cascade", "set null", "set default")
CATEGORIES = ("primary_key", "unique", "fk_supporting", "fk_supporting_single_column",
              "composite", "partial", "expression", "gin_gist")
BREAKDOWN = ("primary_key", "unique", "composite", "fk_single_column", "other")
LABELS = {
    "primary_key": "primary key",
    "unique": "unique (not primary key)",
    "fk_supporting": "foreign-key-supporting",
    "fk_supporting_single_column": "  of which single-column",
    "composite": "composite (2+ key columns)",
    "partial": "partial (WHERE)",
    "expression": "expression keys",
    "gin_gist": "GIN / GiST",
}
BREAKDOWN_LABELS = {
    "primary_key": "primary key",
    "unique": "unique",
    "composite": "composite (not unique)",
    "fk_single_column": "foreign-key-supporting, single column",
    "other": "other",
}


def _count(items: Any, pred: Any) -> int:
    return sum(1 for i in items if pred(i))


def index_categories(cat: m.Catalog) -> dict[str, set[str]]:
    """Index keys per category (overlapping), as documented above."""
    fks: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for fk in foreign_keys(cat):
        fks.setdefault((fk.schema, fk.table), []).append(fk.columns)
    out: dict[str, set[str]] = {c: set() for c in CATEGORIES}
    for (schema, table), ixs in indexes_by_table(cat).items():
        for ix in ixs:
            fk_ok = any(supports(ix, cols) for cols in fks.get((schema, table), []))
            tests = {
                "primary_key": ix.primary,
                "unique": ix.unique and not ix.primary,
                "fk_supporting": fk_ok,
                "fk_supporting_single_column": fk_ok and len(ix.keys) == 1,
                "composite": len(ix.keys) > 1,
                "partial": ix.predicate is not None,
                "expression": any(key_column(k) is None for k in ix.keys),
                "gin_gist": ix.method in ("gin", "gist"),
            }
            for name, hit in tests.items():
                if hit:
                    out[name].add(ix.key)
    return out


def _breakdown(cat: m.Catalog, cats: dict[str, set[str]]) -> dict[str, int]:
    out = dict.fromkeys(BREAKDOWN, 0)
    for ix in cat.indexes.values():
        if ix.primary:
            out["primary_key"] += 1
        elif ix.unique:
            out["unique"] += 1
        elif len(ix.keys) > 1:
            out["composite"] += 1
        elif ix.key in cats["fk_supporting"]:
            out["fk_single_column"] += 1
        else:
            out["other"] += 1
    return out


def _by(values: list[str], order: tuple[str, ...] = ()) -> dict[str, int]:
    out = dict.fromkeys(order, 0)
    for v in sorted(values):
        out[v] = out.get(v, 0) + 1
    return out


def collect(cat: m.Catalog) -> dict[str, Any]:
    """Every count, as plain data (the JSON output's ``counts``)."""
    tables = list(cat.tables.values())
    columns = [c for t in tables for c in t.columns]
    cats = index_categories(cat)
    fks = list(foreign_keys(cat))
    views = list(cat.views.values())
    view_names = {(v.schema, v.name) for v in views}
    return {
        "tables": {
            "total": len(tables),
            "partitioned": _count(tables, lambda t: t.kind == "partitioned"),
            "partitions": _count(tables, lambda t: t.partition_of is not None),
            "rls_enabled": _count(tables, lambda t: t.rls_enabled),
        },
        "columns": {
            "total": len(columns),
            "jsonb": _count(columns, lambda c: c.type == "jsonb"),
            "json": _count(columns, lambda c: c.type == "json"),
            "identity": _count(columns, lambda c: c.identity is not None),
            "generated": _count(columns, lambda c: c.generated is not None),
        },
        "enums": {
            "total": len(cat.enums),
            "values": sum(len(e.labels) for e in cat.enums.values()),
            "by_enum": {f"{e.schema}.{e.name}": len(e.labels) for e in cat.enums.values()},
        },
        "indexes": {
            "total": len(cat.indexes),
            "on_materialized_views": _count(cat.indexes.values(),
                                            lambda i: (i.schema, i.table) in view_names),
            "categories": {c: len(cats[c]) for c in CATEGORIES},
            "breakdown": _breakdown(cat, cats),
            "by_method": _by([i.method for i in cat.indexes.values()]),
        },
        "constraints": _by([c.type for c in cat.constraints.values()]),
        "foreign_keys": {
            "total": len(fks),
            "on_delete": _by([fk.on_delete or "no action" for fk in fks], ACTIONS),
            "on_update": _by([fk.on_update or "no action" for fk in fks], ACTIONS),
        },
        "policies": {
            "total": len(cat.policies),
            "tables": len({(p.schema, p.table) for p in cat.policies.values()}),
        },
        "functions": {"total": len(cat.functions),
                      "by_kind": _by([f.kind for f in cat.functions.values()])},
        "triggers": len(cat.triggers),
        "views": {"total": len(views), "materialized": _count(views, lambda v: v.materialized)},
        "sequences": len(cat.sequences),
        "domains": len(cat.domains),
        "composite_types": len(cat.composites),
        "extensions": len(cat.extensions),
        "schemas": len(cat.schemas),
    }


def to_json(counts: dict[str, Any], label: str) -> str:
    doc = {"format_version": JSON_FORMAT_VERSION, "source": label, "counts": counts}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_text(counts: dict[str, Any], label: str) -> str:
    rows: list[tuple[str, Any]] = []

    def section(data: dict[str, Any], labels: dict[str, str] | None = None,
                indent: str = "  ", raw: bool = False) -> None:
        for k, v in data.items():
            name = k if raw else (labels or {}).get(k, k.replace("_", " "))
            rows.append((indent + name, v))

    t, c, e, ix, fk = (counts[k] for k in ("tables", "columns", "enums", "indexes",
                                           "foreign_keys"))
    rows.append(("tables", t["total"]))
    section({k: v for k, v in t.items() if k != "total"})
    rows.append(("columns", c["total"]))
    section({k: v for k, v in c.items() if k != "total"})
    rows.append(("enums", e["total"]))
    rows.append(("  values", e["values"]))
    section(e["by_enum"], indent="    ", raw=True)
    rows.append(("indexes", ix["total"]))
    if ix["on_materialized_views"]:
        rows.append(("  on materialized views", ix["on_materialized_views"]))
    rows.append(("  categories (overlapping: an index may count in several)", ""))
    section(ix["categories"], LABELS, "    ")
    rows.append(("  breakdown (each index once, first that applies)", ""))
    section(ix["breakdown"], BREAKDOWN_LABELS, "    ")
    rows.append(("    total", sum(ix["breakdown"].values())))
    rows.append(("  by method", ""))
    section(ix["by_method"], indent="    ")
    rows.append(("constraints", sum(counts["constraints"].values())))
    section(counts["constraints"])
    rows.append(("foreign keys", fk["total"]))
    for what in ("on_delete", "on_update"):  # zero rows left out here, kept in JSON
        section({f"{what.replace('_', ' ')} {k}": v for k, v in fk[what].items() if v},
                raw=True)
    rows.append(("policies", counts["policies"]["total"]))
    rows.append(("  tables with policies", counts["policies"]["tables"]))
    rows.append(("functions", counts["functions"]["total"]))
    section(counts["functions"]["by_kind"])
    rows.append(("triggers", counts["triggers"]))
    rows.append(("views", counts["views"]["total"]))
    rows.append(("  materialized", counts["views"]["materialized"]))
    for k in ("sequences", "domains", "composite_types", "extensions", "schemas"):
        rows.append((k.replace("_", " "), counts[k]))
    width = max(len(name) for name, v in rows if v != "") + 2
    lines = [f"{label}"] + [name if v == "" else f"{name:<{width}}{v:>6}" for name, v in rows]
    return "\n".join(lines) + "\n"


callable_module(__name__)  # schemaparity.stats(...) calls the API function
