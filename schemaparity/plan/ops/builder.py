"""What every planner operation shares: the options, the :class:`Builder` that collects steps
while walking the diff, and small helpers (hazard notes, refusals, ordering after a drop).

The modules of ``plan.ops`` import from here, never from the package itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from schemaparity import model as m
from schemaparity.diff import Change, Diff
from schemaparity.plan.order import PlanError, UnsupportedChange
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import Hazard, HazardNote, Phase, Step

_QUALIFIED = re.compile(r'((?:"(?:[^"]|"")+"|[\w$]+)\.(?:"(?:[^"]|"")+"|[\w$]+))')
_PART = re.compile(r'"(?:[^"]|"")+"|[\w$]+')


@dataclass(frozen=True)
class PlanOptions:
    backfill: dict[str, str] = field(default_factory=dict)  # "schema.table.column" -> SQL expr
    batch_size: int = 10_000
    archive: bool = False
    force: bool = False
    lock_timeout: str = "5s"
    statement_timeout: str = "0"


def H(hazard: Hazard, message: str) -> HazardNote:  # noqa: N802 - reads like a constructor
    return HazardNote(hazard, message)


class Builder:
    """Collects steps while walking the diff (``a`` the current schema, ``b`` the desired)."""

    def __init__(self, a: m.Catalog, b: m.Catalog, d: Diff, opts: PlanOptions) -> None:
        self.a, self.b, self.d, self.opts = a, b, d, opts
        self.steps: list[Step] = []
        self.new_tables = {c.key for c in d.changes if c.kind == "table" and c.op == "added"}
        self.type_keys = {k.split(":", 1)[1]: k for cat in (a, b)
                          for k in (*cat.enums, *cat.domains, *cat.composites)}
        self.functions_by_name: dict[str, list[str]] = {}
        for cat in (a, b):
            for key, f in cat.functions.items():
                names = self.functions_by_name.setdefault(f"{f.schema}.{f.name}", [])
                if key not in names:
                    names.append(key)
        self.relations = {k.split(":", 1)[1]: k for cat in (a, b)
                          for k in (*cat.tables, *cat.views)}

    def add(self, phase: Phase, kind: str, action: str, key: str, text: str, **kw: Any) -> Step:
        name = key.split(":", 1)[1]
        step_id = f"{phase.value}.{kind}.{action}:{name}"
        n = 2
        while any(s.id == step_id for s in self.steps):
            step_id = f"{phase.value}.{kind}.{action}:{name}#{n}"
            n += 1
        step = Step(id=step_id, phase=phase, key=key, sql=text, **kw)
        self.steps.append(step)
        return step

    def refs(self, *texts: str | None) -> tuple[str, ...]:
        """Keys of relations, types, sequences and functions a SQL text names (qualified)."""
        out: set[str] = set()
        for text in texts:
            if not text:
                continue
            for match in _QUALIFIED.finditer(text):
                name = ".".join(p.strip('"').replace('""', '"')
                                for p in _PART.findall(match.group(1)))
                out.update(self._keys_named(name))
        return tuple(sorted(out))

    def _keys_named(self, name: str) -> set[str]:
        out = set()
        if name in self.relations:
            out.add(self.relations[name])
        if name in self.type_keys:
            out.add(self.type_keys[name])
        if f"sequence:{name}" in self.b.sequences or f"sequence:{name}" in self.a.sequences:
            out.add(f"sequence:{name}")
        out.update(self.functions_by_name.get(name, ()))
        return out

    def type_refs(self, type_text: str) -> tuple[str, ...]:
        base = type_text.removesuffix("[]")
        key = self.type_keys.get(base) or self.type_keys.get(base.replace('"', ""))
        return (key,) if key else ()

    def is_new(self, schema: str, table: str) -> bool:
        return f"table:{schema}.{table}" in self.new_tables

    def table_b(self, schema: str, table: str) -> m.Table | None:
        return self.b.tables.get(f"table:{schema}.{table}")

    def comment(self, what: str, name: tuple[str, ...], key: str, text: str | None,
                needs: tuple[str, ...] = (), on: tuple[str, ...] | None = None,
                args: str | None = None) -> None:
        """``COMMENT ON what name[(args)] [ON on]``: ``name`` and ``on`` are name parts."""
        self.add(Phase.DEPENDENT, "comment", "set", key,
                 sql("comment/set", what=what, name=name, on=on, args=args, text=text),
                 needs=(key, *needs))


def only(c: Change, allowed: set[str]) -> None:
    """Refuse a change touching anything outside ``allowed`` (attribute paths)."""
    extra = sorted({x.path for x in c.details} - allowed)
    if extra:
        raise UnsupportedChange(f"{c.key}: changing {', '.join(extra)} is not planned; "
                                "do it by hand")


def after(bl: Builder, dep: Step, add: Any, *args: Any) -> None:
    """Run ``add(bl, *args)`` and make the first step it adds wait for ``dep`` (a drop)."""
    before = len(bl.steps)
    add(bl, *args)
    if len(bl.steps) > before:
        first = bl.steps[before]
        bl.steps[before] = replace(first, depends_on=(*first.depends_on, dep.id))


def split_column_key(bl: Builder, key: str) -> tuple[str, str, str]:
    """``column:s.t.c`` -> (schema, table, column), found among the tables of both sides."""
    name = key.split(":", 1)[1]
    for t in (*bl.b.tables.values(), *bl.a.tables.values()):
        prefix = f"{t.schema}.{t.name}."
        if name.startswith(prefix) and t.column(name[len(prefix):]) is not None:
            return t.schema, t.name, name[len(prefix):]
    raise PlanError(f"cannot find the table of {key}")
