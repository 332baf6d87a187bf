"""Pre-checks: before anything changes, read-only queries verify the data the plan needs.

Run after every handler, from the steps they planned: each future unique key (duplicates),
each column made NOT NULL (NULLs no backfill rule fills), each new or changed CHECK (rows
violating it), each new foreign key (orphans), each narrowed column type (values that do not
fit), each enum losing values (rows still holding one) and each partition attached or made
(rows outside its bound; rows of the DEFAULT partition inside it). Every check is a step of
:attr:`Phase.PRECHECK`, id ``0.precheck.<condition>:<object>``, in a ``READ ONLY``
transaction; it raises with the count and up to five example keys, so a plan that would fail
half-way for its data stops before its first change. Its SQL starts with a ``-- cost:`` line.

A check is planned only where the source database can answer it as the target will: the
columns it reads exist in the source and the plan neither adds, fills nor retypes them, and
every object its expression names already exists. Otherwise the step itself still fails
cleanly (VALIDATE, the unique build, the backfill's own count), only later.
"""

from __future__ import annotations

import re

from schemaparity import model as m
from schemaparity.plan.ops.backfill import deletes_unresolved, rule_for
from schemaparity.plan.ops.builder import Builder, split_column_key
from schemaparity.plan.ops.columns import VOLATILE
from schemaparity.plan.ops.constraints import KEYS
from schemaparity.plan.ops.enum_swap import between_enums, uses_of
from schemaparity.plan.ops.narrowing import (
    BITS,
    INTEGERS,
    STRINGS,
    Narrowing,
    TypeText,
    narrowing,
)
from schemaparity.plan.ops.partition_bounds import Bound, parse_bound
from schemaparity.plan.ops.partition_bounds import top_level as _top_level
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Phase, kind_and_action

LOCK = "ACCESS SHARE"  # SELECT only, in a READ ONLY transaction
RANGES = {"smallint": (-32768, 32767), "integer": (-2147483648, 2147483647),
          "bigint": (-9223372036854775808, 9223372036854775807)}
_LITERAL = re.compile(r"^\s*(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?|true|false)(?:\s*::[\w ]+)?\s*$",
                      re.I)


# an index element as pg_get_constraintdef prints it with nothing after it: a column, an
# expression in parentheses or a function call
_PLAIN = re.compile(r'"(?:[^"]|"")+"|[\w$]+|\(.*\)|[\w$."]+\(.*\)', re.S)


class _Scope:
    """What the source can answer: its tables, and the columns the plan touches."""

    def __init__(self, bl: Builder) -> None:
        self.bl = bl
        self.filled = {p for s in bl.steps for p in s.provides if p.startswith("filled:")}
        self.touched = {p.removeprefix("filled:") for p in self.filled}
        self.touched |= {s.key for s in bl.steps_of(("column", "type"), ("column", "add"))}
        # the source is read under the target's names: a renamed table or schema is not
        # there yet under that name when the pre-checks run
        self.renamed = {c.key for c in bl.d.renames}

    def table(self, schema: str, table: str) -> m.Table | None:
        """The source table, when the target keeps it (and it is not made anew)."""
        if self.bl.is_new(schema, table) or self.bl.table_b(schema, table) is None or \
                {f"table:{schema}.{table}", f"schema:{schema}"} & self.renamed:
            return None
        return self.bl.a.tables.get(f"table:{schema}.{table}")

    def readable(self, t: m.Table, *texts: str | None, columns: tuple[str, ...] = (),
                 but: str | None = None, filled: frozenset[str] = frozenset()) -> bool:
        """Whether ``columns`` and every column of ``t`` the ``texts`` name exist in the source
        untouched by the plan (``but`` and the ``filled`` aside), and every object the texts
        name exists."""
        t_b = self.bl.table_b(t.schema, t.name) or t
        named = set(columns)
        for text in texts:
            if text:
                named |= {c.name for c in t_b.columns if _mentions(text, c.name)}
        for name in named:
            key = f"column:{t.schema}.{t.name}.{name}"
            if t.column(name) is None or (key in self.touched and name != but
                                          and name not in filled):
                return False
        return all(self.bl.a.get(k) is not None for k in self.bl.refs(*texts))


def _mentions(text: str, name: str) -> bool:
    quoted = '"' + name.replace('"', '""') + '"'
    bare = re.search(rf"(?<![\w$\"]){re.escape(name)}(?![\w$])", text)
    return quoted in text or bare is not None


def _pk(t: m.Table, cat: m.Catalog) -> tuple[str, ...]:
    return next((c.columns for c in cat.constraints.values() if c.schema == t.schema
                 and c.table == t.name and c.type == "primary key"), ())


def _add(bl: Builder, condition: str, key: str, template: str, **context: object) -> None:
    bl.add(Phase.PRECHECK, "precheck", condition, key, sql(f"precheck/{template}", **context),
           lock=LOCK)


# the steps whose rows a pre-check reads (the branches of :func:`prechecks`)
_CHECKED = (("index", "create"), ("constraint", "add"), ("column", "not_null_check"),
            ("column", "type"), ("enum", "swap"), ("table", "attach"), ("table", "create"))


def prechecks(bl: Builder) -> None:
    """Add the pre-check steps of the plan ``bl`` holds so far."""
    scope = _Scope(bl)
    uniques: set[str] = set()
    for step in bl.steps_of(*_CHECKED):
        kind, action = kind_and_action(step.id)
        if (kind, action) == ("index", "create"):
            idx = bl.b.indexes.get(step.key)
            if idx is not None and idx.unique and idx.key not in uniques:
                uniques.add(idx.key)
                _unique(scope, idx.schema, idx.table, idx.key, idx.keys, idx.predicate,
                        idx.nulls_not_distinct)
        elif (kind, action) == ("constraint", "add"):
            _constraint(scope, bl.b.constraints[step.key], uniques)
        elif (kind, action) == ("column", "not_null_check"):
            _not_null(scope, step.key)
        elif (kind, action) == ("column", "type"):
            _narrowed(scope, step.key)
        elif (kind, action) == ("enum", "swap"):
            _enum_values(scope, bl.a.enums[step.key], bl.b.enums[step.key])
        elif (kind, action) in (("table", "attach"), ("table", "create")) and \
                bl.b.tables[step.key].partition_of:
            _attach(scope, bl.b.tables[step.key], attached=action == "attach")


def _constraint(scope: _Scope, con: m.Constraint, uniques: set[str]) -> None:
    if con.type in KEYS:
        idx = scope.bl.b.indexes.get(f"index:{con.schema}.{con.table}.{con.index}")
        key = idx.key if idx is not None else con.key
        if key not in uniques:
            uniques.add(key)
            _unique(scope, con.schema, con.table, key, idx.keys if idx else (),
                    idx.predicate if idx else None, con.nulls_not_distinct, con.columns)
    elif con.type == "exclude":
        _exclude(scope, con)
    elif con.type == "check" and con.validated:
        _check(scope, con)
    elif con.type == "foreign key" and con.validated:
        _foreign_key(scope, con)


def _unique(scope: _Scope, schema: str, table: str, key: str, expressions: tuple[str, ...],
            predicate: str | None, nulls_not_distinct: bool,
            columns: tuple[str, ...] = ()) -> None:
    t = scope.table(schema, table)
    if t is None:
        return
    fills = _fills(scope, t, expressions or columns)
    names = frozenset(_column_of(k) or k for k in fills)
    if not scope.readable(t, predicate, *expressions, columns=columns, filled=names):
        return
    shown = ", ".join(expressions or columns)
    filled = f" (once {', '.join(sorted(names))} filled by the backfill)" if fills else ""
    _add(scope.bl, "unique", key, "unique", schema=schema, table=table,
         expressions=list(expressions), columns=list(columns), fills=fills,
         predicate=predicate, nulls_not_distinct=nulls_not_distinct,
         what=f"duplicate ({shown}) groups in {schema}.{table}{filled}",
         cost=f"full scan of {schema}.{table} grouped by ({shown}), or an index on them")


def _column_of(expression: str) -> str | None:
    """The column an index key expression is, when it is a bare one."""
    if re.fullmatch(r'"(?:[^"]|"")+"', expression):
        return expression[1:-1].replace('""', '"')
    return expression if re.fullmatch(r"[a-z_][a-z0-9_$]*", expression) else None


def _fills(scope: _Scope, t: m.Table, keys: tuple[str, ...]) -> dict[str, str]:
    """The key's columns a backfill fills (by key text), by their rule: the pre-check groups
    the value each row will hold. A rule it cannot evaluate read-only (volatile, or reading
    what the plan changes) gives nothing (the column stays touched: no pre-check)."""
    out: dict[str, str] = {}
    t_b = scope.bl.table_b(t.schema, t.name)
    for text in keys:
        name = _column_of(text) or text
        col = t_b.column(name) if t_b is not None else None
        if f"filled:column:{t.schema}.{t.name}.{name}" not in scope.filled or \
                t_b is None or col is None or t.column(name) is None:
            continue
        rule = rule_for(scope.bl, t_b, col)
        if rule is not None and rule.strip().upper() != "NULL" and not VOLATILE.search(rule) \
                and scope.readable(t, rule, but=name):
            out[text] = rule
    return out


def _exclude(scope: _Scope, con: m.Constraint) -> None:
    """Rows that conflict with another row under a new exclusion constraint."""
    t = scope.table(con.schema, con.table)
    parsed = exclusion(con.definition)
    if t is None or parsed is None:
        return
    elements, predicate = parsed
    if not scope.readable(t, predicate, *(e for e, _op in elements)):
        return
    _add(scope.bl, "exclude", con.key, "exclude", schema=t.schema, table=t.name,
         keys=_pk(t, scope.bl.a), elements=elements, predicate=predicate,
         what=f"rows of {t.schema}.{t.name} conflict with another row under {con.name}",
         cost=f"a self-join of {t.schema}.{t.name}: every pair of rows it keeps is compared "
              "(quadratic in the rows the WHERE keeps; no index of the new constraint yet)")


def exclusion(definition: str) -> tuple[list[tuple[str, str]], str | None] | None:
    """``EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (x)`` -> the elements
    (expression, operator) and the predicate; None for what this does not read (operator
    classes, INCLUDE, a schema-qualified operator, DEFERRABLE)."""
    found = re.fullmatch(r"EXCLUDE USING \w+ \((.*?)\)(?: WHERE \((.*)\))?", definition, re.S)
    if found is None:
        return None
    elements = []
    for part in _top_level(found.group(1)):
        element = re.fullmatch(r"(.+) WITH ([-+*/<>=~!@#%^&|`?]+)", part.strip(), re.S)
        if element is None or not _PLAIN.fullmatch(element.group(1)):
            return None  # an operator class, a collation or an ordering: not read
        elements.append((element.group(1), element.group(2)))
    return elements, found.group(2)


def _check(scope: _Scope, con: m.Constraint) -> None:
    t = scope.table(con.schema, con.table)
    body = re.sub(r"\s+NOT VALID$", "", con.definition)
    if t is None or not body.startswith("CHECK ") or \
            not scope.readable(t, body, columns=con.columns):
        return
    _add(scope.bl, "check", con.key, "check", schema=t.schema, table=t.name,
         keys=_pk(t, scope.bl.a) or con.columns, expression=body.removeprefix("CHECK "),
         what=f"rows of {t.schema}.{t.name} violate {con.name} {body}",
         cost=f"full scan of {t.schema}.{t.name}")


def _foreign_key(scope: _Scope, con: m.Constraint) -> None:
    t = scope.table(con.schema, con.table)
    ref_schema, _dot, ref_table = (con.ref_table or "").partition(".")
    ref = scope.table(ref_schema, ref_table)
    if t is None or ref is None or not scope.readable(t, columns=con.columns) or \
            not scope.readable(ref, columns=con.ref_columns):
        return
    _add(scope.bl, "foreign_key", con.key, "foreign_key", schema=t.schema, table=t.name,
         keys=_pk(t, scope.bl.a) or con.columns, columns=list(con.columns),
         ref=con.ref_table, ref_columns=list(con.ref_columns), full=con.match == "full",
         what=f"orphan rows of {t.schema}.{t.name} for {con.name} (no match in "
              f"{con.ref_table})",
         cost=f"full scan of {t.schema}.{t.name}, one look-up a row in the key index of "
              f"{con.ref_table}")


def _not_null(scope: _Scope, key: str) -> None:
    schema, table, name = split_column_key(scope.bl, key)
    t, t_b = scope.table(schema, table), scope.bl.table_b(schema, table)
    col = t_b.column(name) if t_b is not None else None
    if t is None or t_b is None or col is None or deletes_unresolved(scope.bl, t_b, col):
        return  # rows the rule finds no value for are deleted on purpose (a data step)
    exists = t.column(name) is not None
    # an identity column made from a nullable one: its rows are expected to hold no NULL
    rule = rule_for(scope.bl, t_b, col) or col.default or ("NULL" if col.identity else None)
    if rule is not None and rule.strip().upper() == "NULL":
        rule = None
    elif rule is None or VOLATILE.search(rule) or _LITERAL.match(rule) or \
            not scope.readable(t, rule, but=name) or (not exists and _mentions(rule, name)):
        return  # a constant always fills; a volatile rule cannot run read-only
    filled = f"the backfill rule gives NULL ({rule})" if rule else "no backfill rule fills it"
    _add(scope.bl, "not_null", key, "not_null", schema=schema, table=table,
         keys=_pk(t, scope.bl.a), column=name, exists=exists, rule=rule,
         what=f"rows of {schema}.{table} left NULL in {name} (made NOT NULL): {filled}",
         cost=f"full scan of {schema}.{table}")


def _narrowed(scope: _Scope, key: str) -> None:
    schema, table, name = split_column_key(scope.bl, key)
    t, t_b = scope.table(schema, table), scope.bl.table_b(schema, table)
    old = t.column(name) if t is not None else None
    new = t_b.column(name) if t_b is not None else None
    if t is None or old is None or new is None or \
            between_enums(scope.bl, old.type, new.type):
        return
    fit = narrowing(old.type, new.type)
    if fit is None:
        return
    context = {"schema": schema, "table": table, "column": name, "old_type": old.type,
               "new_type": new.type, "keys": _pk(t, scope.bl.a) or (name,),
               "what": f"rows of {schema}.{table} hold a {name} value that {new.type} "
                       "cannot keep exactly",
               "cost": f"full scan of {schema}.{table}"}
    mode = _mode(TypeText.parse(old.type), TypeText.parse(new.type), fit)
    if mode is None:
        context["cost"] += ", one cast a distinct value"
        _add(scope.bl, "type", key, "cast", **context)
        return
    _add(scope.bl, "type", key, "narrowing", **context, **mode)


def _mode(old: TypeText, new: TypeText, fit: Narrowing) -> dict[str, object] | None:
    """How the narrowing template finds the rows that do not fit (None: try each cast)."""
    if old.array and not new.array:
        return {"mode": "array"}
    if old.base in STRINGS and new.base not in STRINGS | BITS:
        return None  # text to a stricter type: only the cast can tell
    if new.base in STRINGS | BITS and new.length is not None:
        return {"mode": "length", "limit": new.length, "exact": new.base == "bit"}
    if new.base == "numeric" and new.mods:
        scale = new.mods[1] if len(new.mods) > 1 else 0
        return {"mode": "numeric", "scale": scale, "digits": new.mods[0] - scale}
    if new.base in INTEGERS:
        low, high = RANGES[new.base]
        return {"mode": "integer", "low": low, "high": high, "whole": old.base in INTEGERS}
    if fit.guard == "typmod":
        return {"mode": "typmod", "unbounded": new.unbounded}
    if fit.guard == "roundtrip":
        return {"mode": "roundtrip"}
    return None


def _enum_values(scope: _Scope, old: m.Enum, new: m.Enum) -> None:
    removed = [x for x in old.labels if x not in new.labels]
    if not removed:
        return
    for use in uses_of(scope.bl, old).columns:
        schema, table, name = str(use["schema"]), str(use["table"]), str(use["column"])
        t = scope.table(schema, table)
        if t is None:
            continue
        _add(scope.bl, "enum_value", f"column:{schema}.{table}.{name}", "enum_value",
             schema=schema, table=table, column=name, array=use["array"], removed=removed,
             keys=_pk(t, scope.bl.a) or (name,),
             what=f"rows of {schema}.{table} hold in {name} a value removed from "
                  f"{old.schema}.{old.name} ({', '.join(removed)})",
             cost=f"full scan of {schema}.{table}")


def _attach(scope: _Scope, new: m.Table, attached: bool) -> None:
    """Rows of a table to be attached as a partition that its bound does not keep (as the
    DEFAULT partition: rows another partition's bound keeps); rows of the parent's DEFAULT
    partition that the bound of a partition attached or made keeps."""
    parent = scope.bl.b.tables.get(f"table:{new.partition_of}")
    if parent is None or not new.partition_bound:
        return
    if new.partition_bound != "DEFAULT":
        _default_rows(scope, new, parent)
    t = scope.table(new.schema, new.name)
    if t is None or not attached:
        return
    pschema, _dot, pname = (new.partition_of or "").partition(".")
    bounds = [parse_bound(new.partition_bound, parent.partition_key)]
    if new.partition_bound == "DEFAULT":
        bounds = [parse_bound(o.partition_bound or "", parent.partition_key)
                  for o in scope.bl.b.tables.values() if o.partition_of == new.partition_of
                  and o.key != new.key and o.partition_bound != "DEFAULT"]
    if not bounds or None in bounds or not _bounds_readable(scope, t, bounds, pschema, pname):
        return
    outside = "inside another partition's bound" if new.partition_bound == "DEFAULT" else \
        "outside the bound"
    _add(scope.bl, "partition", new.key, "partition", schema=t.schema, table=t.name,
         keys=_pk(t, scope.bl.a), parent=[pschema, pname],
         bound=None if new.partition_bound == "DEFAULT" else bounds[0], others=bounds,
         what=f"rows of {t.schema}.{t.name} {outside} ({new.partition_bound}) of "
              f"{new.partition_of} it is attached to",
         cost=f"full scan of {t.schema}.{t.name}")


def _default_rows(scope: _Scope, new: m.Table, parent: m.Table) -> None:
    bound = parse_bound(new.partition_bound or "", parent.partition_key)
    default = next((o for o in scope.bl.b.tables.values() if o.partition_of == new.partition_of
                    and o.partition_bound == "DEFAULT"), None)
    t = scope.table(default.schema, default.name) if default is not None else None
    if t is None or bound is None or t.partition_of != new.partition_of or \
            t.partition_bound != "DEFAULT" or \
            not _bounds_readable(scope, t, [bound], parent.schema, parent.name):
        return
    _add(scope.bl, "partition", t.key, "partition", schema=t.schema, table=t.name,
         keys=_pk(t, scope.bl.a), parent=[parent.schema, parent.name], bound=None,
         others=[bound], what=f"rows of the DEFAULT partition {t.schema}.{t.name} inside the "
                              f"bound ({new.partition_bound}) of {new.schema}.{new.name}",
         cost=f"full scan of {t.schema}.{t.name}")


def _bounds_readable(scope: _Scope, t: m.Table, bounds: list[Bound | None], pschema: str,
                     pname: str) -> bool:
    """Every key a plain column or expression the source reads; a hash bound asks the parent,
    which must be there, partitioned as in the target."""
    keys = {k for b in bounds if b is not None for k in b.keys}
    if not all(_PLAIN.fullmatch(k) for k in keys) or not scope.readable(t, *keys):
        return False
    if any(b is not None and b.strategy == "hash" for b in bounds):
        old = scope.table(pschema, pname)
        new = scope.bl.table_b(pschema, pname)
        return old is not None and new is not None and old.partition_key == new.partition_key
    return True
