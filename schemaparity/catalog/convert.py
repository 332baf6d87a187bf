"""Rows of the catalog queries into model objects, one converter per query.

Rows are read by column name, never by position: a query's column names (its cursor's
description) make one :class:`Fields` per query, and each converter takes the positions of
the columns it reads from it by name, once per chunk of rows, before its loop.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from schemaparity import model as m
from schemaparity.catalog.options import DumpOptions
from schemaparity.sqltext import unqualify_single_relation

CONTYPES = {"p": "primary key", "u": "unique", "f": "foreign key", "c": "check", "x": "exclude"}
FK_ACTIONS = {
    "a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default",
}
FK_MATCH = {"s": "simple", "f": "full", "p": "partial"}
VOLATILITY = {"i": "immutable", "s": "stable", "v": "volatile"}
PARALLEL = {"s": "safe", "r": "restricted", "u": "unsafe"}
PROKIND = {"f": "function", "p": "procedure", "a": "aggregate", "w": "window"}
POLCMD = {"*": "all", "r": "select", "a": "insert", "w": "update", "d": "delete"}
TGENABLED = {"O": "origin", "D": "disabled", "R": "replica", "A": "always"}
IDENTITY = {"a": "always", "d": "by default"}
GENERATED = {"s": "stored", "v": "virtual"}
COLLPROVIDER = {"c": "libc", "i": "icu", "b": "builtin", "d": "default"}


class Fields:
    """The positions of one query's columns, by name."""

    __slots__ = ("index", "names")

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.index = {name: i for i, name in enumerate(names)}

    def __call__(self, *names: str) -> tuple[int, ...]:
        """The positions of these columns, in this order."""
        return tuple(self.index[name] for name in names)


Converter = Callable[[list[tuple], Fields, DumpOptions, int], list[Any]]


def _acl(value: list[str] | None, opts: DumpOptions) -> tuple[str, ...] | None:
    if not opts.privileges:
        return None
    return tuple(sorted(value or ()))


def _owner(value: str | None, opts: DumpOptions) -> str | None:
    return value if opts.owners else None


def _depends(keys: list[str] | None, *own: str, table: str | None = None
             ) -> tuple[str, ...]:
    """The keys of what an object depends on (``dependencies.sql``), sorted, without its
    own ``own`` keys and, given ``table`` ("schema.name"), without that table and its
    columns (what an index or a constraint is on, which goes and comes with the table)."""
    if not keys:
        return ()
    out = set(keys).difference(own)
    if table is not None:
        prefix = f"column:{table}."
        whole = (f"table:{table}", f"view:{table}")  # an index on a materialized view
        out = {k for k in out if k not in whole and not k.startswith(prefix)}
    return tuple(sorted(out))


def table_fields(f: Fields) -> tuple[int, ...]:
    """The positions :func:`table` reads, from the names of ``tables.sql``'s columns."""
    return f("schema", "name", "relkind", "partition_key", "partition_of", "partition_bound",
             "inherits", "unlogged", "rls_enabled", "rls_forced", "reloptions", "comment",
             "owner", "acl")


def table(r: tuple, at: tuple[int, ...], columns: tuple[m.Column, ...], opts: DumpOptions
          ) -> m.Table:
    """One table from its row (``tables.sql``; ``at``: :func:`table_fields`) and its
    columns, already built."""
    (schema, name, relkind, key, of, bound, inherits, unlogged, rls, forced, reloptions,
     comment, owner, acl) = at
    return m.Table(
        schema=r[schema], name=r[name], kind="partitioned" if r[relkind] == "p" else "table",
        columns=columns, partition_key=r[key], partition_of=r[of], partition_bound=r[bound],
        inherits=tuple(r[inherits]), unlogged=r[unlogged], rls_enabled=r[rls],
        rls_forced=r[forced], reloptions=tuple(sorted(r[reloptions])), comment=r[comment],
        owner=_owner(r[owner], opts), acl=_acl(r[acl], opts),
    )


def columns(rows: list[tuple], f: Fields, opts: DumpOptions, version: int) -> list[m.Column]:
    (name, position, type_, not_null, default, ident, ident_options, generated,
     generated_kind, collation, comment, acl, depends, schema, table_) = f(
        "name", "position", "type", "not_null", "default", "identity", "identity_options",
        "generated", "generated_kind", "collation", "comment", "acl", "depends", "schema",
        "table")
    out = []
    for r in rows:
        identity = r[ident] or None
        options = None
        if identity and r[ident_options]:
            start, inc, lo, hi, cache_, cycle = r[ident_options]
            options = (f"start={start} increment={inc} min={lo} max={hi} cache={cache_} "
                       f"cycle={'true' if cycle else 'false'}")
        kind = r[generated_kind]
        out.append(m.Column(
            name=r[name], position=int(r[position]), type=r[type_], not_null=r[not_null],
            default=r[default], identity=IDENTITY.get(identity) if identity else None,
            identity_options=options, generated=r[generated],
            generated_kind=GENERATED.get(kind) if kind else None, collation=r[collation],
            comment=r[comment], acl=_acl(r[acl], opts) if r[acl] else None,
            depends=_depends(r[depends], f"column:{r[schema]}.{r[table_]}.{r[name]}"),
        ))
    return out


def extensions(rows: list[tuple], f: Fields, opts: DumpOptions, version: int
               ) -> list[m.Extension]:
    name, ver, schema, comment, depends = f("name", "version", "schema", "comment", "depends")
    return [m.Extension(name=r[name], version=r[ver], schema=r[schema], comment=r[comment],
                        depends=_depends(r[depends], f"extension:{r[name]}"))
            for r in rows]


def schemas(rows: list[tuple], f: Fields, opts: DumpOptions, version: int) -> list[m.Schema]:
    name, comment, owner, acl = f("name", "comment", "owner", "acl")
    return [m.Schema(name=r[name], comment=r[comment], owner=_owner(r[owner], opts),
                     acl=_acl(r[acl], opts)) for r in rows]


def enums(rows: list[tuple], f: Fields, opts: DumpOptions, version: int) -> list[m.Enum]:
    schema, name, labels, comment, owner, acl = f(
        "schema", "name", "labels", "comment", "owner", "acl")
    return [m.Enum(schema=r[schema], name=r[name], labels=tuple(r[labels]), comment=r[comment],
                   owner=_owner(r[owner], opts), acl=_acl(r[acl], opts)) for r in rows]


def domains(rows: list[tuple], f: Fields, opts: DumpOptions, version: int) -> list[m.Domain]:
    schema, name, base, not_null, default, collation, checks, comment, owner, acl, deps = f(
        "schema", "name", "base_type", "not_null", "default", "collation", "checks",
        "comment", "owner", "acl", "depends")
    return [m.Domain(schema=r[schema], name=r[name], base_type=r[base], not_null=r[not_null],
                     default=r[default], collation=r[collation],
                     checks=tuple((c[0], c[1]) for c in r[checks]), comment=r[comment],
                     owner=_owner(r[owner], opts), acl=_acl(r[acl], opts),
                     depends=_depends(r[deps], f"domain:{r[schema]}.{r[name]}"))
            for r in rows]


def composites(rows: list[tuple], f: Fields, opts: DumpOptions, version: int
               ) -> list[m.CompositeType]:
    schema, name, attributes, comment, owner, acl = f(
        "schema", "name", "attributes", "comment", "owner", "acl")
    return [m.CompositeType(schema=r[schema], name=r[name],
                            attributes=tuple((a[0], a[1], a[2]) for a in r[attributes]),
                            comment=r[comment], owner=_owner(r[owner], opts),
                            acl=_acl(r[acl], opts))
            for r in rows]


def collations(rows: list[tuple], f: Fields, opts: DumpOptions, version: int
               ) -> list[m.Collation]:
    schema, name, data, comment, owner = f("schema", "name", "row", "comment", "owner")
    out = []
    for r in rows:
        row = r[data]  # pg_collation's row as JSON: its columns differ between versions
        out.append(m.Collation(
            schema=r[schema], name=r[name],
            provider=COLLPROVIDER.get(row["collprovider"], "libc"),
            locale=row.get("colllocale") or row.get("colliculocale"),
            lc_collate=row.get("collcollate"), lc_ctype=row.get("collctype"),
            deterministic=bool(row.get("collisdeterministic", True)), comment=r[comment],
            owner=_owner(r[owner], opts),
        ))
    return out


def sequences(rows: list[tuple], f: Fields, opts: DumpOptions, version: int
              ) -> list[m.Sequence]:
    (schema, name, data_type, start, increment, min_value, max_value, cache_, cycle,
     owned_by, comment, owner, acl, deps) = f(
        "schema", "name", "data_type", "start", "increment", "min_value", "max_value",
        "cache", "cycle", "owned_by", "comment", "owner", "acl", "depends")
    return [m.Sequence(schema=r[schema], name=r[name], data_type=r[data_type], start=r[start],
                       increment=r[increment], min_value=r[min_value],
                       max_value=r[max_value], cache=r[cache_], cycle=r[cycle],
                       owned_by=r[owned_by], comment=r[comment],
                       owner=_owner(r[owner], opts), acl=_acl(r[acl], opts),
                       depends=_depends(r[deps], f"sequence:{r[schema]}.{r[name]}"))
            for r in rows]


def constraints(rows: list[tuple], f: Fields, opts: DumpOptions, version: int
                ) -> list[m.Constraint]:
    (schema, table_, name, contype, definition, cols, ref_table, ref_columns, match,
     on_update, on_delete, deferrable, deferred, validated, nnd, index, comment, deps) = f(
        "schema", "table", "name", "contype", "definition", "columns", "ref_table",
        "ref_columns", "match", "on_update", "on_delete", "deferrable", "deferred",
        "validated", "nulls_not_distinct", "index", "comment", "depends")
    out = []
    for r in rows:
        is_fk = r[contype] == "f"
        out.append(m.Constraint(
            schema=r[schema], table=r[table_], name=r[name], type=CONTYPES[r[contype]],
            definition=r[definition], columns=tuple(r[cols]), ref_table=r[ref_table],
            ref_columns=tuple(r[ref_columns]),
            match=FK_MATCH.get(r[match]) if is_fk else None,
            on_update=FK_ACTIONS.get(r[on_update]) if is_fk else None,
            on_delete=FK_ACTIONS.get(r[on_delete]) if is_fk else None,
            deferrable=r[deferrable], deferred=r[deferred], validated=r[validated],
            nulls_not_distinct=r[nnd], index=r[index], comment=r[comment],
            depends=_depends(r[deps], table=f"{r[schema]}.{r[table_]}"),
        ))
    return out


def indexes(rows: list[tuple], f: Fields, opts: DumpOptions, version: int) -> list[m.Index]:
    (schema, table_, name, definition, method, unique, primary, keys, include, predicate,
     nnd, constraint, comment, valid, unattached, deps) = f(
        "schema", "table", "name", "definition", "method", "unique", "primary", "keys",
        "include", "predicate", "nulls_not_distinct", "constraint", "comment", "valid",
        "unattached", "depends")
    return [m.Index(schema=r[schema], table=r[table_], name=r[name], definition=r[definition],
                    method=r[method], unique=r[unique], primary=r[primary],
                    keys=tuple(r[keys]), include=tuple(r[include]), predicate=r[predicate],
                    nulls_not_distinct=bool(r[nnd]), constraint=r[constraint],
                    comment=r[comment], valid=r[valid], unattached=tuple(r[unattached] or ()),
                    depends=_depends(r[deps], table=f"{r[schema]}.{r[table_]}"))
            for r in rows]


def views(rows: list[tuple], f: Fields, opts: DumpOptions, version: int) -> list[m.View]:
    schema, name, definition, materialized, options, cols, comment, owner, acl, deps = f(
        "schema", "name", "definition", "materialized", "options", "columns", "comment",
        "owner", "acl", "depends")
    # PostgreSQL 16 stopped qualifying columns of single-relation queries; render older
    # servers' view text the same way so that one schema dumps alike on every version.
    viewdef = unqualify_single_relation if version < 16 else str
    return [m.View(schema=r[schema], name=r[name], definition=viewdef(r[definition]),
                   materialized=r[materialized], options=tuple(sorted(r[options])),
                   columns=tuple((c[0], c[1]) for c in r[cols]), comment=r[comment],
                   owner=_owner(r[owner], opts), acl=_acl(r[acl], opts),
                   depends=_depends(r[deps], f"view:{r[schema]}.{r[name]}")) for r in rows]


def functions(rows: list[tuple], f: Fields, opts: DumpOptions, version: int
              ) -> list[m.Function]:
    (schema, name, args, prokind, arguments, result, language, volatility, strict, secdef,
     leakproof, parallel, settings, body, aggregate, comment, owner, acl, deps) = f(
        "schema", "name", "identity_args", "prokind", "arguments", "result", "language",
        "volatility", "strict", "security_definer", "leakproof", "parallel", "settings",
        "body", "aggregate", "comment", "owner", "acl", "depends")
    out = []
    for r in rows:
        text = r[body]
        agg = r[aggregate]
        if agg is not None:
            # an aggregate's parts, as canonical JSON: {"initcond": ..., "sfunc": ..., ...}
            text = json.dumps({k: agg[k] for k in sorted(agg) if agg[k] is not None},
                              sort_keys=True, ensure_ascii=False)
        identity_args = r[args].replace(", ", ",")
        out.append(m.Function(
            schema=r[schema], name=r[name], identity_args=identity_args,
            kind=PROKIND[r[prokind]], arguments=r[arguments], result=r[result],
            language=r[language], volatility=VOLATILITY[r[volatility]], strict=r[strict],
            security_definer=r[secdef], leakproof=r[leakproof],
            parallel=PARALLEL[r[parallel]], settings=tuple(r[settings]), body=text or "",
            comment=r[comment], owner=_owner(r[owner], opts), acl=_acl(r[acl], opts),
            depends=_depends(r[deps], f"function:{r[schema]}.{r[name]}({identity_args})"),
        ))
    return out


def triggers(rows: list[tuple], f: Fields, opts: DumpOptions, version: int
             ) -> list[m.Trigger]:
    (schema, table_, name, tgtype, update_columns, function, definition, enabled,
     constraint, deferrable, deferred, comment, deps) = f(
        "schema", "table", "name", "tgtype", "update_columns", "function", "definition",
        "enabled", "is_constraint", "deferrable", "deferred", "comment", "depends")
    return [m.Trigger(
        schema=r[schema], table=r[table_], name=r[name], **_trigger_type(r[tgtype],
                                                                        r[update_columns]),
        function=r[function], definition=r[definition], when=_when(r[definition]),
        enabled=TGENABLED.get(r[enabled], r[enabled]), constraint=r[constraint],
        deferrable=r[deferrable], deferred=r[deferred], comment=r[comment],
        depends=_depends(r[deps], f"table:{r[schema]}.{r[table_]}"),
    ) for r in rows]


def _trigger_type(tgtype: int, update_columns: list[str]) -> dict[str, Any]:
    """Timing, events and level from ``pg_trigger.tgtype``'s bits."""
    timing = "instead of" if tgtype & 64 else ("before" if tgtype & 2 else "after")
    events = []
    if tgtype & 4:
        events.append("insert")
    if tgtype & 16:
        events.append("update of " + ", ".join(update_columns) if update_columns else "update")
    if tgtype & 8:
        events.append("delete")
    if tgtype & 32:
        events.append("truncate")
    return {"timing": timing, "events": tuple(events),
            "level": "row" if tgtype & 1 else "statement"}


def _when(definition: str) -> str | None:
    """A trigger's WHEN condition, cut out of its definition."""
    start = definition.find(" WHEN (")
    end = definition.rfind(") EXECUTE ")
    if start != -1 and end > start:
        return definition[start + len(" WHEN ("):end]
    return None


def event_triggers(rows: list[tuple], f: Fields, opts: DumpOptions, version: int
                   ) -> list[m.EventTrigger]:
    name, event, tags, function, enabled, comment, owner = f(
        "name", "event", "tags", "function", "enabled", "comment", "owner")
    return [m.EventTrigger(name=r[name], event=r[event], tags=tuple(r[tags] or ()),
                           function=r[function], enabled=TGENABLED[r[enabled]],
                           comment=r[comment], owner=_owner(r[owner], opts)) for r in rows]


def policies(rows: list[tuple], f: Fields, opts: DumpOptions, version: int
             ) -> list[m.Policy]:
    schema, table_, name, command, permissive, roles, using, with_check, comment, deps = f(
        "schema", "table", "name", "command", "permissive", "roles", "using", "with_check",
        "comment", "depends")
    return [m.Policy(schema=r[schema], table=r[table_], name=r[name],
                     command=POLCMD[r[command]], permissive=r[permissive],
                     roles=tuple(r[roles]), using=r[using], with_check=r[with_check],
                     comment=r[comment],
                     depends=_depends(r[deps], f"table:{r[schema]}.{r[table_]}"))
            for r in rows]


# The converter of each query that makes objects of a Catalog kind (tables and columns are
# put together by ``build.Builders``).
CONVERTERS: dict[str, Converter] = {
    "extensions": extensions, "schemas": schemas, "enums": enums, "domains": domains,
    "composites": composites, "collations": collations, "sequences": sequences,
    "constraints": constraints, "indexes": indexes, "views": views, "functions": functions,
    "triggers": triggers, "event_triggers": event_triggers, "policies": policies,
}
