"""Rules applied to a Catalog before diffing: ignore, rename, column order, canonical forms.

Patterns are ``kind:glob`` (``table:public.tmp_*``, ``column:*.org_id``,
``constraint:public.*.*_check``): the glob is matched (case-sensitively, ``fnmatch`` style)
against the object's qualified name, the part of its key after ``kind:``. A pattern with an
unknown kind or a malformed glob is an error, never silently ignored.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from schemaparity import model as m
from schemaparity.errors import UsageError
from schemaparity.sqltext import canonical_expr, printed

# Kinds a pattern may name: the catalog's kinds, then columns and column order.
PATTERN_KINDS = (*(k.name for k in m.REGISTRY if k.attr is not None),
                 *(k.name for k in m.REGISTRY if k.attr is None))


@dataclass(frozen=True)
class Pattern:
    kind: str  # a kind, or "*" for any
    glob: str
    text: str

    def matches(self, key: str) -> bool:
        kind, _, name = key.partition(":")
        return (self.kind in ("*", kind)) and fnmatch.fnmatchcase(name, self.glob)


def parse_pattern(text: str, default_kind: str | None = None) -> Pattern:
    """Parse ``kind:glob``; ``default_kind`` is used when the text has no ``kind:`` part."""
    if not isinstance(text, str) or not text.strip():
        raise UsageError(f"empty pattern {text!r}")
    kind, sep, glob = text.partition(":")
    if not sep:
        if default_kind is None:
            raise UsageError(f"pattern {text!r} needs a kind, e.g. 'table:{text}'")
        kind, glob = default_kind, text
    if kind != "*" and kind not in PATTERN_KINDS:
        raise UsageError(f"pattern {text!r}: unknown kind {kind!r} "
                         f"(known: {', '.join(PATTERN_KINDS)})")
    if not glob:
        raise UsageError(f"pattern {text!r} has no name glob after {kind!r}:")
    if glob.count("[") != glob.count("]") or re.search(r"\[\]", glob):
        raise UsageError(f"pattern {text!r}: malformed glob (unbalanced '[' ... ']')")
    return Pattern(kind, glob, text)


@dataclass(frozen=True)
class Rules:
    """How both sides are normalized before they are compared."""

    ignore: tuple[Pattern, ...] = ()
    rename_schemas: tuple[tuple[str, str], ...] = ()  # left schema -> right schema
    rename_tables: tuple[tuple[str, str], ...] = ()  # left "schema.table" -> right
    column_order: str = "report"  # report | ignore

    @classmethod
    def make(cls, ignore: list[str] | tuple[str, ...] = (),
             rename_schemas: dict[str, str] | None = None,
             rename_tables: dict[str, str] | None = None,
             column_order: str = "report") -> Rules:
        if column_order not in ("report", "ignore"):
            raise UsageError(f"column_order must be 'report' or 'ignore', not {column_order!r}")
        for mapping, what in ((rename_schemas, "rename_schemas"), (rename_tables, "rename_tables")):
            for k, v in (mapping or {}).items():
                if not isinstance(k, str) or not isinstance(v, str) or not k or not v:
                    raise UsageError(f"{what}: entries map a name to a name, got {k!r} = {v!r}")
                if what == "rename_tables" and ("." not in k or "." not in v):
                    raise UsageError(f"rename_tables: use schema.table names, got {k!r} = {v!r}")
        return cls(
            ignore=tuple(parse_pattern(p) for p in ignore),
            rename_schemas=tuple(sorted((rename_schemas or {}).items())),
            rename_tables=tuple(sorted((rename_tables or {}).items())),
            column_order=column_order,
        )


# ---------------------------------------------------------------- renames


def _renamer(rules: Rules) -> Any:
    schemas = dict(rules.rename_schemas)
    tables = {tuple(k.split(".", 1)): tuple(v.split(".", 1)) for k, v in rules.rename_tables}

    def schema(name: str) -> str:
        return schemas.get(name, name)

    def table(s: str, t: str) -> tuple[str, str]:
        if (s, t) in tables:
            return tables[(s, t)]
        return schema(s), t

    def dotted(ref: str | None) -> str | None:
        if ref is None or "." not in ref:
            return ref
        s, rest = ref.split(".", 1)
        if "." in rest:  # schema.table.column
            t, col = rest.split(".", 1)
            return ".".join((*table(s, t), col))
        return ".".join(table(s, rest))

    def text(value: str | None) -> str | None:
        """Rewrite schema- and table-qualified names in server-rendered SQL text."""
        if value is None or not (schemas or tables):
            return value
        for (old_s, old_t), (new_s, new_t) in tables.items():
            new = f"{printed(new_s)}.{printed(new_t)}"
            pattern = re.escape(printed(old_s) + "." + printed(old_t))
            value = re.sub(rf'(?<![\w".]){pattern}(?![\w"$])', lambda _m, n=new: n, value)
        for old, new_schema in schemas.items():
            new = printed(new_schema) + "."
            value = re.sub(rf'(?<![\w".]){re.escape(printed(old))}\.', lambda _m, n=new: n,
                           value)
        return value

    return schema, table, dotted, text


def rename(catalog: m.Catalog, rules: Rules) -> m.Catalog:
    """Apply rename maps (schemas, then tables) to every object of one side."""
    if not rules.rename_schemas and not rules.rename_tables:
        return catalog
    renamer = _renamer(rules)
    kinds = {attr: [replace(o, **_renamed(o, renamer)) for o in objs.values()]
             for attr, objs in catalog.objects().items()}
    return m.Catalog.build(catalog.server_version, row_counts=catalog.row_counts,
                           row_count_mode=catalog.row_count_mode, **kinds)


def _renamed(o: Any, renamer: Any) -> dict[str, Any]:
    """The fields of one object that the rename maps change, as its kind declares them: the
    names it is known by, dotted references to other objects, server-rendered SQL."""
    schema, table, dotted, text = renamer
    spec = o.SPEC
    changes: dict[str, Any] = {}
    on_table = spec.parent or ("name" if spec is m.Table.SPEC else None)
    if spec is m.Schema.SPEC:
        changes["name"] = schema(o.name)
    elif on_table is not None:
        changes["schema"], changes[on_table] = table(o.schema, getattr(o, on_table))
    elif hasattr(o, "schema"):
        changes["schema"] = schema(o.schema)
    for f in spec.references:
        value = getattr(o, f)
        changes[f] = (tuple(dotted(v) for v in value) if isinstance(value, tuple)
                      else dotted(value))
    for f in spec.sql_text:
        changes[f] = text(getattr(o, f))
    if spec is m.Table.SPEC:
        changes["columns"] = tuple(replace(c, **_renamed(c, renamer)) for c in o.columns)
    return changes


# ---------------------------------------------------------------- ignore


def column_key(table: m.Table, column: m.Column) -> str:
    return f"column:{table.schema}.{table.name}.{column.name}"


_CLASSES = dict(m.KINDS)  # attribute -> model class


def _matcher(patterns: tuple[Pattern, ...], kind: str) -> Callable[[str], bool] | None:
    """Whether the name of a key (``kind:name``) of ``kind`` matches one of ``patterns``
    (:meth:`Pattern.matches`, with their globs joined into one regular expression); None
    when no pattern is about ``kind``."""
    globs = [p.glob for p in patterns if p.kind in ("*", kind)]
    if not globs:
        return None
    match = re.compile("|".join(f"(?:{fnmatch.translate(g)})" for g in globs)).match
    return lambda key: match(key, key.index(":") + 1) is not None


def drop_ignored(catalog: m.Catalog, patterns: tuple[Pattern, ...]) -> m.Catalog:
    """Remove objects (and columns) matching any pattern; positions are renumbered.

    Ignoring a table also ignores what hangs on it: its constraints, indexes, triggers,
    policies and version rows. A catalog nothing is removed from is returned as it is.
    """
    if not patterns:
        return catalog
    tables = _matcher(patterns, "table")
    gone = {f"{t.schema}.{t.name}" for k, t in catalog.tables.items()
            if tables is not None and tables(k)}
    columns = _matcher(patterns, "column")
    kinds: dict[str, Any] = {}
    changed = False
    for attr, objs in catalog.objects().items():
        cls = _CLASSES[attr]
        matches = _matcher(patterns, cls.KIND)
        parent = cls.SPEC.parent if gone else None
        if matches is None and parent is None and (attr != "tables" or columns is None):
            kinds[attr] = objs  # no pattern is about this kind
            continue
        kept = []
        for key, o in objs.items():
            if matches is not None and matches(key):
                continue
            if parent is not None and f"{o.schema}.{getattr(o, parent)}" in gone:
                continue  # constraints, indexes, triggers, policies, rows of an ignored table
            if columns is not None and isinstance(o, m.Table):
                cols = [c for c in o.columns if not columns(column_key(o, c))]
                if len(cols) != len(o.columns):
                    o = replace(o, columns=tuple(replace(c, position=i)
                                                 for i, c in enumerate(cols, 1)))
                    changed = True
            kept.append(o)
        changed |= len(kept) != len(objs)
        kinds[attr] = kept
    if not changed:
        return catalog
    return m.Catalog.build(catalog.server_version, row_counts=catalog.row_counts,
                           row_count_mode=catalog.row_count_mode, engine=catalog.engine,
                           **kinds)


def normalize(catalog: m.Catalog, rules: Rules, side: str = "left") -> m.Catalog:
    """Renames apply to the left side only; ignore patterns to both."""
    if side == "left":
        catalog = rename(catalog, rules)
    return drop_ignored(catalog, rules.ignore)


@dataclass(frozen=True)
class Normalized:
    """A pair of catalogs after the rules, made once by the caller and handed to ``diff``,
    the planner and the parity check alike. ``renames`` are the rule renames that happened:
    (kind, left name, right name) for each schema and table of the left side a rename map
    names, schemas first, each in the order of the map."""

    left: m.Catalog
    right: m.Catalog
    rules: Rules
    renames: tuple[tuple[str, str, str], ...] = ()


def normalize_pair(left: m.Catalog, right: m.Catalog, rules: Rules | None = None) -> Normalized:
    """Apply ``rules`` to both sides (renames to the left one): the one place they apply."""
    rules = rules or Rules()
    done = tuple(("schema", old, new) for old, new in rules.rename_schemas
                 if f"schema:{old}" in left.schemas)
    done += tuple(("table", old, new) for old, new in rules.rename_tables
                  if f"table:{old}" in left.tables)
    return Normalized(normalize(left, rules, "left"), normalize(right, rules, "right"), rules,
                      done)


# ---------------------------------------------------------------- canonical forms


def _canonical_value(value: Any) -> Any:
    if isinstance(value, tuple):  # (name, SQL) pairs, like a domain's checks
        return tuple((n, canonical_expr(d)) for n, d in value)
    return canonical_expr(value)


def canonical(obj: Any) -> Any:
    """The object with its SQL expressions in canonical form (for comparison only)."""
    fields = obj.SPEC.expressions
    if not fields:
        return obj
    return replace(obj, **{f: _canonical_value(getattr(obj, f)) for f in fields})
