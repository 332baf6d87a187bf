"""Data steps of ``[schemaparity.plan]``: what a backfill does with the rows its rule cannot
fill, and insert steps (rows a SELECT yields, added once, keyed so a re-run adds nothing).

TOML shapes::

    [schemaparity.plan.backfill]
    "public.t.a" = "SQL"                                       # unresolved rows: fail
    "public.t.b" = { value = "SQL", unresolved = "delete" }    # ... are deleted
    "public.t.c" = { value = "SQL", fallback = "SQL" }         # ... get the fallback

    [[schemaparity.plan.insert]]
    table = "public.organization_members"
    select = "SELECT o.id AS organization_id, u.id AS user_id FROM ..."
    key = ["organization_id", "user_id"]

A fallback is folded into the value (``COALESCE((value), (fallback))``), so the plan, verify
and the reviewer see one expression; ``fail`` is the default and is not recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemaparity.errors import UsageError

UNRESOLVED = ("fail", "delete")


class DataStepError(UsageError):
    """A backfill rule or insert step of the configuration is malformed (exit 2)."""


@dataclass(frozen=True)
class InsertStep:
    """Rows ``select`` yields go into ``table`` (``schema.name``) unless a row with the same
    ``key`` is there; ``columns`` are the SELECT's output names, in its order."""

    table: str
    select: str
    key: tuple[str, ...]
    columns: tuple[str, ...]

    @property
    def schema_name(self) -> tuple[str, str]:
        schema, _, name = self.table.partition(".")
        return schema, name


def parse_backfill(where: str, table: Any) -> tuple[dict[str, str], dict[str, str]]:
    """``[...backfill]`` -> (column -> SQL value, column -> "delete" for those whose
    unresolved rows are deleted)."""
    if not isinstance(table, dict):
        raise DataStepError(f"{where}: map \"schema.table.column\" to an SQL expression")
    values: dict[str, str] = {}
    deletes: dict[str, str] = {}
    for k, v in table.items():
        if k.count(".") < 2:
            raise DataStepError(f"{where}: {k!r} is not schema.table.column")
        if isinstance(v, str | int | float) and not isinstance(v, bool):
            values[k] = str(v)
            continue
        values[k], how = _rule(f"{where}.{k!r}", v)
        if how == "delete":
            deletes[k] = how
    return values, deletes


def _rule(where: str, v: Any) -> tuple[str, str]:
    if not isinstance(v, dict):
        raise DataStepError(f"{where}: an SQL expression, or {{ value = \"SQL\", "
                            "unresolved = \"fail\" | \"delete\" }} or {{ value = \"SQL\", "
                            "fallback = \"SQL\" }}")
    unknown = sorted(set(v) - {"value", "unresolved", "fallback"})
    if unknown:
        raise DataStepError(f"{where}: unknown key {unknown[0]!r} (known: value, unresolved, "
                            "fallback)")
    value, how, fallback = v.get("value"), v.get("unresolved", "fail"), v.get("fallback")
    if not isinstance(value, str) or not value.strip():
        raise DataStepError(f"{where}.value: an SQL expression")
    if how not in UNRESOLVED:
        raise DataStepError(f"{where}.unresolved: \"fail\" or \"delete\" (a fallback value "
                            f"is fallback = \"SQL\"), got {how!r}")
    if fallback is None:
        return value, how
    if not isinstance(fallback, str) or not fallback.strip():
        raise DataStepError(f"{where}.fallback: an SQL expression")
    if "unresolved" in v:
        raise DataStepError(f"{where}: give unresolved or fallback, not both")
    return f"COALESCE(({value}), ({fallback}))", "fail"


def parse_inserts(where: str, items: Any) -> tuple[InsertStep, ...]:
    """``[[...insert]]``: each a target table, a SELECT and the key columns."""
    if not isinstance(items, list):
        raise DataStepError(f"{where}: an array of tables ([[{where}]])")
    return tuple(_insert(f"{where}[{n}]", item) for n, item in enumerate(items))


def _insert(where: str, item: Any) -> InsertStep:
    if not isinstance(item, dict):
        raise DataStepError(f"{where}: expected a table")
    unknown = sorted(set(item) - {"table", "select", "key"})
    if unknown:
        raise DataStepError(f"{where}: unknown key {unknown[0]!r} (known: table, select, key)")
    table, select, key = item.get("table"), item.get("select"), item.get("key")
    if not isinstance(table, str) or table.count(".") != 1:
        raise DataStepError(f"{where}.table: \"schema.table\"")
    if not isinstance(select, str) or not select.strip():
        raise DataStepError(f"{where}.select: a SELECT yielding the rows to insert")
    if not isinstance(key, list) or not key or not all(isinstance(k, str) for k in key):
        raise DataStepError(f"{where}.key: the columns that make a row unique "
                            "(a re-run inserts nothing)")
    columns = select_columns(f"{where}.select", select)
    missing = [k for k in key if k not in columns]
    if missing:
        raise DataStepError(f"{where}.key: {missing[0]!r} is not a column the SELECT yields "
                            f"({', '.join(columns)})")
    return InsertStep(table, select.strip().rstrip(";"), tuple(key), columns)


def select_columns(where: str, select: str) -> tuple[str, ...]:
    """The output names of ``select``; each must be named (a column or an alias)."""
    import sqlglot  # here: the planner imports this module, and most plans insert nothing
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(select, read="postgres")
    except sqlglot.errors.ParseError as exc:
        why = exc.errors[0]["description"] if exc.errors else str(exc)
        raise DataStepError(f"{where}: not a SELECT PostgreSQL reads ({why})") from None
    if not isinstance(tree, exp.Query):
        raise DataStepError(f"{where}: not a SELECT")
    names = tuple(tree.named_selects)
    named = all(isinstance(s, exp.Alias | exp.Column) for s in tree.selects)
    if not names or not named or "*" in names or len(tree.selects) != len(names):
        raise DataStepError(f"{where}: name every column it yields (expr AS column), no *")
    if len(set(names)) != len(names):
        raise DataStepError(f"{where}: yields a column name twice")
    return names
