"""What every planner operation shares: the options, the :class:`Builder` that collects steps
while walking the diff, and small helpers (hazard notes, refusals, ordering after a drop).

The modules of ``plan.ops`` import from here, never from the package itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from schemaparity import model as m
from schemaparity.datasteps import InsertStep
from schemaparity.diff import Change, Diff
from schemaparity.plan.order import DROPS, PlanError, UnsupportedChange
from schemaparity.plan.sqlgen import sql
from schemaparity.plan.steps import NO_LOCK, Hazard, HazardNote, Phase, Step

# the actions that make an object (or give a column its default): they wait for what it
# is recorded to depend on
MAKES = ("create", "add", "replace", "set_default", "create_on_partition")
_QUALIFIED = re.compile(r'((?:"(?:[^"]|"")+"|[\w$]+)\.(?:"(?:[^"]|"")+"|[\w$]+))')
_PART = re.compile(r'"(?:[^"]|"")+"|[\w$]+')


@dataclass(frozen=True)
class PlanOptions:
    backfill: dict[str, str] = field(default_factory=dict)  # "schema.table.column" -> SQL expr
    unresolved: dict[str, str] = field(default_factory=dict)  # column -> "delete" (datasteps)
    inserts: tuple[InsertStep, ...] = ()  # [[schemaparity.plan.insert]]
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
        self.step_ids: set[str] = set()  # ids of ``steps``: a new id is found taken in O(1)
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
        # (kind, action, key, sql) -> the step: one that is planned twice (an object dropped
        # and re-created around an enum swap and by its own handler) is planned once
        self.planned: dict[tuple[str, str, str, str], Step] = {}
        self._on_table: dict[tuple[int, str], dict[tuple[str, str], list[Any]]] = {}
        self._column_tables: dict[str, tuple[str, str, str]] | None = None
        self._recorded: dict[int, dict[str, tuple[str, ...]]] = {}
        # positions in ``steps`` (a step is patched in place, never moved or removed; its key,
        # kind, action and provides never change): asking for the steps of an object, or for
        # those of one kind and action, does not walk the whole plan
        self.at_key: dict[str, list[int]] = {}
        self.by_action: dict[tuple[str, str], list[int]] = {}
        self.provided: set[str] = set()  # every key some step provides
        self._changed: tuple[set[str], set[str]] | None = None
        self._refs: dict[str, set[str]] = {}  # a SQL text -> the keys it names (refs)
        self.rules: dict[str, str | None] = {}  # "s.t.col" -> its backfill rule (rule_for)

    def _grouped(self, catalog: m.Catalog, what: str,
                 group: Callable[[], Iterable[tuple[tuple[str, str], Any]]]
                 ) -> dict[tuple[str, str], list[Any]]:
        """``group()``'s (place, object) pairs gathered by place, once per catalog and
        ``what``: asking for every table of a big plan stays linear."""
        by_table = self._on_table.get((id(catalog), what))
        if by_table is None:
            by_table = self._on_table[(id(catalog), what)] = {}
            for place, obj in group():
                by_table.setdefault(place, []).append(obj)
        return by_table

    def on_table(self, catalog: m.Catalog, attr: str, schema: str, table: str) -> list[Any]:
        """The objects of ``catalog.<attr>`` (constraints, indexes, triggers, policies) that
        hang on ``schema.table``, in the catalog's order."""
        return self._grouped(catalog, attr, lambda: (
            ((o.schema, o.table), o) for o in getattr(catalog, attr).values())
        ).get((schema, table), [])

    def unique_indexes(self, catalog: m.Catalog, table: str) -> list[str]:
        """Keys of the unique indexes of ``table`` ("schema.name") in ``catalog``, in the
        catalog's order."""
        return self._grouped(catalog, "unique indexes", lambda: (
            ((f"{i.schema}.{i.table}", ""), i.key) for i in catalog.indexes.values() if i.unique)
        ).get((table, ""), [])

    def referencing(self, catalog: m.Catalog, table: str) -> list[m.Constraint]:
        """The constraints of ``catalog`` referencing ``table`` ("schema.name"), in the
        catalog's order."""
        return self._grouped(catalog, "referencing", lambda: (
            ((c.ref_table, ""), c) for c in catalog.constraints.values() if c.ref_table)
        ).get((table, ""), [])

    def unattached_keys(self, table: str) -> list[str]:
        """Names of the source's key indexes that ``table`` ("schema.name", a partition)
        holds no index attached to (grouped once: a plan dropping every key stays linear)."""
        return self._grouped(self.a, "unattached keys", lambda: (
            ((name, ""), i.name) for i in self.a.indexes.values() if i.constraint
            for name in i.unattached)).get((table, ""), [])

    def column_tables(self) -> dict[str, tuple[str, str, str]]:
        """"schema.table.column" -> (schema, table, column) for every column of the target's
        tables, then the source's (the first table that has it wins), made once."""
        if self._column_tables is None:
            self._column_tables = {}
            for t in (*self.b.tables.values(), *self.a.tables.values()):
                for col in t.columns:
                    self._column_tables.setdefault(f"{t.schema}.{t.name}.{col.name}",
                                                   (t.schema, t.name, col.name))
        return self._column_tables

    def recorded(self, catalog: m.Catalog, key: str) -> tuple[str, ...]:
        """What the server recorded that the object ``key`` of ``catalog`` depends on
        (:func:`recorded_edges`, made once per catalog); () for a dump without them."""
        edges = self._recorded.get(id(catalog))
        if edges is None:
            edges = self._recorded[id(catalog)] = recorded_edges(catalog)
        return edges.get(key, ())

    def add(self, phase: Phase, kind: str, action: str, key: str, text: str, *, lock: str,
            **kw: Any) -> Step:
        """A step; ``lock`` is the strongest lock it takes on a table that exists before the
        plan (``NO_LOCK`` for none): every step declares one, and verify checks it."""
        same = (kind, action, key, text)
        twin = self.planned.get(same)
        if twin is not None:
            return twin
        # the recorded edges join the names found in the text: of the current object for a
        # drop (what it needs goes after it), of the target object for what makes one (an
        # ALTER of a part of it orders by its text alone: it needs nothing new)
        edges = (self.recorded(self.a, key) if action in DROPS else
                 self.recorded(self.b, key) if action in MAKES else ())
        if edges:
            kw["needs"] = tuple(k for k in dict.fromkeys((*kw.get("needs", ()), *edges))
                                if k != key)

        name = key.split(":", 1)[1]
        number = int(phase)  # its value, without the enum's property lookup
        step_id = f"{number}.{kind}.{action}:{name}"
        n = 2
        while step_id in self.step_ids:
            step_id = f"{number}.{kind}.{action}:{name}#{n}"
            n += 1
        step = Step(id=step_id, phase=phase, key=key, sql=text, lock=lock, **kw)
        self.at_key.setdefault(key, []).append(len(self.steps))
        self.by_action.setdefault((kind, action), []).append(len(self.steps))
        self.provided.update(step.provides)
        self.steps.append(step)
        self.step_ids.add(step_id)
        self.planned[same] = step
        return step

    def steps_at(self, keys: Iterable[str]) -> list[Step]:
        """The steps about any of ``keys``, in plan order."""
        return [self.steps[i] for i in sorted({i for k in keys for i in self.at_key.get(k, ())})]

    def steps_of(self, *actions: tuple[str, str]) -> list[Step]:
        """The steps of these (kind, action)s, in plan order (the plan is not walked)."""
        return [self.steps[i] for i in sorted(i for a in actions
                                              for i in self.by_action.get(a, ()))]

    def changed(self) -> tuple[set[str], set[str]]:
        """The keys of the diff's changes, and each ``x`` such that the name of a changed
        constraint or index starts with ``x + "."``: made once."""
        if self._changed is None:
            names: set[str] = set()
            for c in self.d.changes:
                if c.kind in ("constraint", "index"):
                    name = c.name
                    dot = name.find(".")
                    while dot >= 0:
                        names.add(name[:dot])
                        dot = name.find(".", dot + 1)
            self._changed = ({c.key for c in self.d.changes}, names)
        return self._changed

    def refs(self, *texts: str | None) -> tuple[str, ...]:
        """Keys of relations, types, sequences and functions a SQL text names (qualified)."""
        out: set[str] = set()
        for text in texts:
            if text:
                out.update(self._text_refs(text))
        return tuple(sorted(out))

    def _text_refs(self, text: str) -> set[str]:
        """The keys ``text`` names, found once a text: every table's foreign key to the same
        table, or policy on the same setting, is one text (the catalogs never change)."""
        found = self._refs.get(text)
        if found is None:
            found = self._refs[text] = set()
            for match in _QUALIFIED.finditer(text):
                name = ".".join(p.strip('"').replace('""', '"')
                                for p in _PART.findall(match.group(1)))
                found.update(self._keys_named(name))
        return found

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

    def live(self, schema: str, table: str, mode: str) -> str:
        """``mode`` for a step on a table that exists before the plan, NO_LOCK on a new one."""
        return NO_LOCK if self.is_new(schema, table) else mode

    def table_b(self, schema: str, table: str) -> m.Table | None:
        return self.b.tables.get(f"table:{schema}.{table}")

    def comment(self, what: str, name: tuple[str, ...], key: str, text: str | None,
                needs: tuple[str, ...] = (), on: tuple[str, ...] | None = None,
                args: str | None = None) -> None:
        """``COMMENT ON what name[(args)] [ON on]``: ``name`` and ``on`` are name parts. On a
        live table, its column or a materialized view it takes SHARE UPDATE EXCLUSIVE; on a
        constraint, trigger or policy of a live table, ACCESS SHARE on the table; else none."""
        live = what in ("TABLE", "COLUMN") and not self.is_new(*name[:2])
        live |= what == "MATERIALIZED VIEW" and f"view:{name[0]}.{name[1]}" in self.a.views
        lock = "SHARE UPDATE EXCLUSIVE" if live else NO_LOCK
        if on is not None and not self.is_new(*on):
            lock = "ACCESS SHARE"
        self.add(Phase.DEPENDENT, "comment", "set", key,
                 sql("comment/set", what=what, name=name, on=on, args=args, text=text),
                 needs=(key, *needs), lock=lock)


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
    parts = name.split(".")
    if len(parts) == 3:  # no name holds a dot: the one way to read it, looked up directly
        for catalog in (bl.b, bl.a):  # the target's table first, as in column_tables()
            t = catalog.tables.get(f"table:{parts[0]}.{parts[1]}")
            if t is not None and t.column(parts[2]) is not None:
                return parts[0], parts[1], parts[2]
    found = bl.column_tables().get(name)
    if found is None:
        raise PlanError(f"cannot find the table of {key}")
    return found


def recorded_edges(catalog: m.Catalog) -> dict[str, tuple[str, ...]]:
    """Each object's recorded dependencies (its ``depends``) as planning edges: a column read
    stands for its table too (a new table's columns come with its creation), and a table needs
    what its columns need (they are written in its CREATE TABLE). A sequence's edge to the
    column owning it is left out: the server drops such a sequence with its column, and the
    column's default needs the sequence (the other way round)."""
    recorded = [(key, depends) for attr, _cls in m.KINDS if attr not in ("sequences", "tables")
                for key, obj in getattr(catalog, attr).items()
                if (depends := getattr(obj, m.DEPENDS, ()))]
    tables = _tables_of(catalog, [d for _key, d in recorded])
    out: dict[str, tuple[str, ...]] = {key: _with_tables(depends, tables)
                                       for key, depends in recorded}
    for t in catalog.tables.values():
        own: list[str] = []
        for col in t.columns:
            if col.depends:
                ck = f"column:{t.schema}.{t.name}.{col.name}"
                out[ck] = _with_tables(col.depends, tables)
                own += out[ck]
        if own:
            out[t.key] = tuple(k for k in dict.fromkeys(own)
                               if k != t.key and tables.get(k) != t.key)
    return out


def _tables_of(catalog: m.Catalog, depends: list[tuple[str, ...]]) -> dict[str, str]:
    """Column key -> its table's key, for the columns some object or column records a
    dependency on (a key made for each column of a big schema costs more than the rest)."""
    wanted = {k for keys in depends for k in keys if k.startswith("column:")}
    wanted.update(k for t in catalog.tables.values() for col in t.columns if col.depends
                  for k in col.depends if k.startswith("column:"))
    tables: dict[str, str] = {}
    if not wanted:
        return tables
    for t in catalog.tables.values():
        prefix = f"column:{t.schema}.{t.name}."
        for col in t.columns:
            if (ck := prefix + col.name) in wanted:
                tables[ck] = t.key
    return tables


def _with_tables(keys: tuple[str, ...], tables: dict[str, str]) -> tuple[str, ...]:
    out: list[str] = []
    for k in keys:
        out.append(k)
        if k in tables:
            out.append(tables[k])
    return tuple(dict.fromkeys(out))
