"""Schema smells: rules with stable codes, run over a Catalog, each finding with a fix hint.

Every rule has a code (``SP101``), a name (``fk-without-index``), a severity (``info`` <
``warning`` < ``error``) and yields findings on one object key. Rules can be disabled (by code
or name) and single findings allowed with ``CODE:glob`` (the glob matches the object's key,
``constraint:public.t.t_fkey``, or its qualified name, ``public.t.t_fkey``; ``*`` as the code
allows every rule). Findings are sorted by severity (worst first), code and object.

Configuration (``[schemaparity.lint]``, or ``[tool.schemaparity.lint]`` in pyproject.toml)::

    disable = ["SP403"]                        # codes or names
    allow = ["SP101:constraint:public.audit_log.*", "SP301:public.legacy_*"]
    tenant_columns = ["organization_id", "org_id", "tenant_id"]
    membership_tables = ["*_members"]          # globs on table or schema.table
    member_columns = ["user_id"]
    require_rls = true                         # tenant-scoped tables must enable RLS
    fail_on = "warning"                        # error | warning | info
"""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from schemaparity import model as m
from schemaparity.errors import UsageError
from schemaparity.sqltext import quote_ident

SEVERITIES = ("info", "warning", "error")  # ascending
DEFAULT_TENANT_COLUMNS = ("organization_id", "org_id", "tenant_id",
                          "organizationId", "orgId", "tenantId")
DEFAULT_MEMBER_COLUMNS = ("user_id", "userId", "member_id", "memberId")
JSON_FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    object: str  # the key of the object the finding is about
    message: str
    hint: str

    @property
    def name(self) -> str:
        return RULES[self.code].name


@dataclass(frozen=True)
class Allow:
    code: str  # a code, or "*"
    glob: str
    text: str

    def matches(self, f: Finding) -> bool:
        if self.code not in ("*", f.code):
            return False
        name = f.object.partition(":")[2]
        return fnmatch.fnmatchcase(f.object, self.glob) or fnmatch.fnmatchcase(name, self.glob)


@dataclass(frozen=True)
class Settings:
    disable: frozenset[str] = frozenset()  # codes
    allow: tuple[Allow, ...] = ()
    tenant_columns: tuple[str, ...] = DEFAULT_TENANT_COLUMNS
    membership_tables: tuple[str, ...] = ("*_members",)
    member_columns: tuple[str, ...] = DEFAULT_MEMBER_COLUMNS
    require_rls: bool = False
    fail_on: str = "warning"


@dataclass(frozen=True)
class Result:
    findings: tuple[Finding, ...]
    allowed: int  # findings suppressed by an allow entry
    settings: Settings = field(default_factory=Settings)

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    @property
    def exit_code(self) -> int:
        floor = SEVERITIES.index(self.settings.fail_on)
        return int(any(SEVERITIES.index(f.severity) >= floor for f in self.findings))


# ---------------------------------------------------------------- catalog helpers

_COLUMN_KEY = re.compile(r'^(?P<col>"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)(?:\s.*)?$')
_IDENT = r'"(?:[^"]|"")+"|[A-Za-z_][\w$]*'
_TYPE_REF = re.compile(rf"(?P<s>{_IDENT})\.(?P<n>{_IDENT})")


def _unquote(ident: str) -> str:
    return ident[1:-1].replace('""', '"') if ident.startswith('"') else ident


def key_column(key: str) -> str | None:
    """The column an index key names (``"tenantId" DESC`` -> ``tenantId``); None for an
    expression. PostgreSQL prints non-call expressions in parentheses, so a key that starts
    with a bare or quoted identifier followed by nothing or a space is a column."""
    match = _COLUMN_KEY.match(key)
    return _unquote(match.group("col")) if match else None


def leading_columns(ix: m.Index, n: int) -> tuple[str, ...] | None:
    """The first ``n`` key columns of an index, or None when one of them is an expression."""
    if len(ix.keys) < n:
        return None
    cols = tuple(key_column(k) for k in ix.keys[:n])
    return None if None in cols else cols  # type: ignore[return-value]


def supports(ix: m.Index, columns: tuple[str, ...]) -> bool:
    """Can ``ix`` serve lookups on ``columns`` (a foreign key's)? Its leading key columns must
    be exactly those columns (in any order); it must be complete (not partial) and a btree
    (or a hash index on a single column)."""
    if ix.predicate is not None or not columns:
        return False
    if ix.method != "btree" and not (ix.method == "hash" and len(columns) == 1):
        return False
    lead = leading_columns(ix, len(columns))
    return lead is not None and set(lead) == set(columns)


def foreign_keys(cat: m.Catalog) -> list[m.Constraint]:
    return [c for c in cat.constraints.values() if c.type == "foreign key"
            and not _is_partition(cat, c.schema, c.table)]


def indexes_by_table(cat: m.Catalog) -> dict[tuple[str, str], list[m.Index]]:
    out: dict[tuple[str, str], list[m.Index]] = {}
    for ix in cat.indexes.values():
        out.setdefault((ix.schema, ix.table), []).append(ix)
    return out


def _is_partition(cat: m.Catalog, schema: str, table: str) -> bool:
    t = cat.tables.get(f"table:{schema}.{table}")
    return t is not None and t.partition_of is not None


def _tables(cat: m.Catalog) -> Iterator[m.Table]:
    """Tables that rules look at: partitions follow their parent and are left out."""
    return (t for t in cat.tables.values() if t.partition_of is None)


def _name(*parts: str) -> str:
    return ".".join(parts)


def _cols(cols: Iterable[str]) -> str:
    """Columns for SQL in a hint: always quoted."""
    return "(" + ", ".join(quote_ident(c) for c in cols) + ")"


def _plain(cols: Iterable[str]) -> str:
    """Columns for a message: as written."""
    return "(" + ", ".join(cols) + ")"


def tenant_column(t: m.Table, s: Settings) -> str | None:
    """The first configured tenant column the table has; None when it is not tenant-scoped."""
    names = {c.name for c in t.columns}
    return next((c for c in s.tenant_columns if c in names), None)


def _unique_keys(ixs: list[m.Index]) -> list[tuple[tuple[str, ...] | None, m.Index]]:
    """(columns, or None when a key is an expression; index) of every complete unique index."""
    return [(leading_columns(ix, len(ix.keys)), ix) for ix in ixs
            if ix.unique and ix.predicate is None]


# ---------------------------------------------------------------- rules

Check = Callable[[m.Catalog, Settings], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    check: Check


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, summary: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        RULES[code] = Rule(code, name, severity, summary, fn)
        return fn
    return register


def _finding(code: str, obj: str, message: str, hint: str) -> Finding:
    return Finding(code, RULES[code].severity, obj, message, hint)


@rule("SP101", "fk-without-index", "warning",
      "foreign key whose columns are not the leading columns of any index")
def _fk_without_index(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    ixs = indexes_by_table(cat)
    for fk in foreign_keys(cat):
        if not any(supports(ix, fk.columns) for ix in ixs.get((fk.schema, fk.table), [])):
            yield _finding(
                "SP101", fk.key,
                f"{_name(fk.schema, fk.table)} {_plain(fk.columns)} -> {fk.ref_table}: no index "
                "leads with these columns, so deletes and key updates on the referenced table "
                "scan this one",
                f"CREATE INDEX ON {quote_ident(fk.schema, fk.table)} {_cols(fk.columns)};")


def _fk_groups(cat: m.Catalog) -> list[list[m.Constraint]]:
    groups: dict[tuple[Any, ...], list[m.Constraint]] = {}
    for fk in foreign_keys(cat):
        pairs = frozenset(zip(fk.columns, fk.ref_columns, strict=False))
        groups.setdefault((fk.schema, fk.table, pairs, fk.ref_table), []).append(fk)
    return [sorted(g, key=lambda c: c.name) for g in groups.values() if len(g) > 1]


def _differing_actions(group: list[m.Constraint]) -> str:
    """``a ON DELETE CASCADE vs b ON DELETE SET NULL``: only the actions that differ."""
    parts = []
    for what, attr in (("ON DELETE", "on_delete"), ("ON UPDATE", "on_update")):
        if len({getattr(c, attr) for c in group}) > 1:
            parts.append(" vs ".join(f"{c.name} {what} {(getattr(c, attr) or 'no action').upper()}"
                                     for c in group))
    return "; ".join(parts)


@rule("SP102", "fk-duplicate", "warning",
      "two foreign keys on the same columns to the same table, with the same actions")
def _fk_duplicate(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for group in _fk_groups(cat):
        if len({(c.on_delete, c.on_update) for c in group}) == 1:
            first, rest = group[0], group[1:]
            yield _finding(
                "SP102", first.key,
                f"{_name(first.schema, first.table)} {_plain(first.columns)} -> "
                f"{first.ref_table} is declared {len(group)} times: "
                + ", ".join(c.name for c in group),
                " ".join(f"ALTER TABLE {quote_ident(c.schema, c.table)} DROP CONSTRAINT "
                          f"{quote_ident(c.name)};" for c in rest))


@rule("SP103", "fk-conflicting-actions", "error",
      "foreign keys on the same columns with different ON DELETE / ON UPDATE actions")
def _fk_conflict(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for group in _fk_groups(cat):
        if len({(c.on_delete, c.on_update) for c in group}) > 1:
            first = group[0]
            yield _finding(
                "SP103", first.key,
                f"{_name(first.schema, first.table)} {_plain(first.columns)} -> "
                f"{first.ref_table} has {len(group)} foreign keys with conflicting actions: "
                + _differing_actions(group) + "; what a delete does depends on which runs first",
                "keep the foreign key with the intended action and drop the others: "
                f"ALTER TABLE {quote_ident(first.schema, first.table)} DROP CONSTRAINT ...;")


def _signature(ix: m.Index) -> tuple[Any, ...]:
    return (ix.method, ix.keys, ix.include, ix.predicate, ix.unique, ix.nulls_not_distinct)


def _drop_index_hint(ix: m.Index) -> str:
    if ix.constraint:
        return (f"ALTER TABLE {quote_ident(ix.schema, ix.table)} DROP CONSTRAINT "
                f"{quote_ident(ix.constraint)};")
    return f"DROP INDEX {quote_ident(ix.schema, ix.name)};"


@rule("SP201", "index-duplicate", "warning", "two indexes with the same definition")
def _index_duplicate(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for ixs in indexes_by_table(cat).values():
        groups: dict[tuple[Any, ...], list[m.Index]] = {}
        for ix in ixs:
            if not ix.primary:
                groups.setdefault(_signature(ix), []).append(ix)
        for group in groups.values():
            # keep a constraint's index before a bare one, then the first by name
            group.sort(key=lambda i: (i.constraint is None, i.name))
            for ix in group[1:]:
                yield _finding("SP201", ix.key,
                               f"{ix.name} has the same definition as {group[0].name}",
                               _drop_index_hint(ix))


def _covers(a: m.Index, b: m.Index) -> bool:
    """Does btree ``b`` make non-unique btree ``a`` redundant (``a``'s keys a prefix of ``b``'s,
    same predicate, ``a``'s INCLUDE columns among ``b``'s columns)?"""
    return (a is not b and a.method == b.method == "btree" and not a.unique
            and a.constraint is None and a.predicate == b.predicate
            and b.keys[:len(a.keys)] == a.keys and set(a.include) <= set(b.keys + b.include)
            and _signature(a) != _signature(b))


@rule("SP202", "index-redundant", "warning",
      "a btree index whose keys are a prefix of another btree index on the same table")
def _index_redundant(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for ixs in indexes_by_table(cat).values():
        for a in ixs:
            covering = sorted((b for b in ixs if _covers(a, b)),
                              key=lambda b: (len(b.keys), b.name))
            if covering:
                b = covering[0]
                yield _finding(
                    "SP202", a.key,
                    f"{a.name} {_keys(a)} is a prefix of {b.name} {_keys(b)}, which serves "
                    "the same lookups",
                    _drop_index_hint(a))


def _keys(ix: m.Index) -> str:
    return "(" + ", ".join(ix.keys) + ")"


@rule("SP203", "unique-duplicates-primary-key", "warning",
      "a unique index or constraint on exactly the primary key's columns")
def _unique_dup_pk(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for ixs in indexes_by_table(cat).values():
        pks = [ix for ix in ixs if ix.primary]
        if not pks:
            continue
        pk_cols = set(leading_columns(pks[0], len(pks[0].keys)) or ())
        for ix in ixs:
            cols = leading_columns(ix, len(ix.keys))
            if (ix.unique and not ix.primary and ix.predicate is None and cols
                    and set(cols) == pk_cols):
                yield _finding("SP203", ix.key,
                               f"{ix.name} {_keys(ix)} duplicates the primary key {pks[0].name}",
                               _drop_index_hint(ix))


@rule("SP301", "table-without-primary-key", "warning", "a table without a primary key")
def _no_pk(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    with_pk = {(c.schema, c.table) for c in cat.constraints.values() if c.type == "primary key"}
    for t in _tables(cat):
        if (t.schema, t.name) not in with_pk:
            yield _finding("SP301", t.key, f"{_name(t.schema, t.name)} has no primary key",
                           f"ALTER TABLE {quote_ident(t.schema, t.name)} ADD PRIMARY KEY (...);")


def _tenant_tables(cat: m.Catalog, s: Settings) -> Iterator[tuple[m.Table, str]]:
    for t in _tables(cat):
        col = tenant_column(t, s)
        if col is not None:
            yield t, col


@rule("SP401", "tenant-column-nullable", "warning",
      "a tenant-scoped table whose tenant column is nullable")
def _tenant_nullable(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for t, col in _tenant_tables(cat, s):
        column = t.column(col)
        if column is not None and not column.not_null:
            yield _finding(
                "SP401", t.key, f"{_name(t.schema, t.name)}.{col} is nullable: rows can belong "
                "to no tenant",
                f"backfill, then ALTER TABLE {quote_ident(t.schema, t.name)} ALTER COLUMN "
                f"{quote_ident(col)} SET NOT NULL;")


@rule("SP402", "tenant-column-unindexed", "warning",
      "a tenant-scoped table with no index leading with the tenant column")
def _tenant_unindexed(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    ixs = indexes_by_table(cat)
    for t, col in _tenant_tables(cat, s):
        if not any(ix.predicate is None and leading_columns(ix, 1) == (col,)
                   for ix in ixs.get((t.schema, t.name), [])):
            yield _finding(
                "SP402", t.key, f"{_name(t.schema, t.name)}: no index leads with {col}; "
                "per-tenant queries scan the table",
                f"CREATE INDEX ON {quote_ident(t.schema, t.name)} ({quote_ident(col)});")


@rule("SP403", "unique-key-without-tenant", "info",
      "a unique key of a tenant-scoped table that leaves out the tenant column")
def _unique_without_tenant(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    ixs = indexes_by_table(cat)
    for t, col in _tenant_tables(cat, s):
        uniques = _unique_keys(ixs.get((t.schema, t.name), []))
        pk = next((set(c) for c, ix in uniques if ix.primary and c), None)
        for cols, ix in uniques:
            if ix.primary or cols is None or col in cols or (pk and pk <= set(cols)):
                continue  # the primary key is a surrogate; a superset of it adds nothing
            yield _finding(
                "SP403", ix.key, f"{_name(t.schema, t.name)} {_plain(cols)} is unique across all "
                f"tenants (no {col})",
                f"if it is meant per tenant, make it UNIQUE ({quote_ident(col)}, "
                + ", ".join(quote_ident(c) for c in cols) + "); if global on purpose, allow it")


def _membership(t: m.Table, s: Settings) -> bool:
    return any(fnmatch.fnmatchcase(t.name, g) or fnmatch.fnmatchcase(_name(t.schema, t.name), g)
               for g in s.membership_tables)


def _scope_column(cat: m.Catalog, t: m.Table, member: str | None, s: Settings) -> str | None:
    """The scope a membership table grants: ``<prefix>_id`` / ``<prefix>Id`` for a table named
    ``<prefix>_members``, else the tenant column, else its only other single-column FK."""
    names = [c.name for c in t.columns]
    prefix = t.name.rsplit("_", 1)[0] if "_" in t.name else ""
    for cand in (f"{prefix}_id", f"{prefix}Id"):
        if prefix and cand in names and cand != member:
            return cand
    tenant = tenant_column(t, s)
    if tenant and tenant != member:
        return tenant
    fks = sorted({c.columns[0] for c in foreign_keys(cat) if (c.schema, c.table) ==
                  (t.schema, t.name) and len(c.columns) == 1 and c.columns[0] != member})
    return fks[0] if len(fks) == 1 else None


def _not_null(t: m.Table, name: str) -> bool:
    col = t.column(name)
    return col is not None and col.not_null


def _membership_tables(cat: m.Catalog,
                       s: Settings) -> Iterator[tuple[m.Table, str | None, str | None]]:
    for t in _tables(cat):
        if _membership(t, s):
            member = next((c for c in s.member_columns if t.column(c)), None)
            yield t, member, _scope_column(cat, t, member, s)


@rule("SP501", "membership-column-nullable", "error",
      "a membership table whose member or scope column is missing or nullable")
def _membership_nullable(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for t, member, scope in _membership_tables(cat, s):
        problems = []
        if member is None:
            problems.append(f"no member column (looked for {', '.join(s.member_columns)})")
        if scope is None:
            problems.append("no scope column (<scope>_id, a tenant column or one other FK)")
        nullable = [c for c in (member, scope) if c and not _not_null(t, c)]
        if nullable:
            problems.append(", ".join(nullable) + (" is" if len(nullable) == 1 else " are")
                            + " nullable")
        if not problems:
            continue
        hint = ("backfill, then " + " ".join(
            f"ALTER TABLE {quote_ident(t.schema, t.name)} ALTER COLUMN {quote_ident(c)} "
            "SET NOT NULL;" for c in nullable) if nullable else
            "if the member column has another name, list it in member_columns "
            "([schemaparity.lint]) or pass --member-column")
        yield _finding("SP501", t.key, f"membership table {_name(t.schema, t.name)}: "
                       + "; ".join(problems), hint)


@rule("SP502", "membership-pair-not-unique", "error",
      "a membership table without a unique (member, scope) pair")
def _membership_unique(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    ixs = indexes_by_table(cat)
    for t, member, scope in _membership_tables(cat, s):
        if member is None or scope is None:
            continue  # SP501 says so
        pair = {member, scope}
        if not any(cols and set(cols) == pair
                   for cols, _ in _unique_keys(ixs.get((t.schema, t.name), []))):
            yield _finding(
                "SP502", t.key, f"membership table {_name(t.schema, t.name)}: ({member}, "
                f"{scope}) is not unique, so a user can hold several memberships of one scope",
                f"ALTER TABLE {quote_ident(t.schema, t.name)} ADD UNIQUE "
                f"{_cols((member, scope))};")


def _policies_by_table(cat: m.Catalog) -> dict[tuple[str, str], list[m.Policy]]:
    out: dict[tuple[str, str], list[m.Policy]] = {}
    for p in cat.policies.values():
        out.setdefault((p.schema, p.table), []).append(p)
    return out


@rule("SP601", "rls-without-policies", "warning",
      "row-level security enabled on a table with no policies (every row hidden)")
def _rls_no_policies(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    policies = _policies_by_table(cat)
    for t in cat.tables.values():
        if t.rls_enabled and not policies.get((t.schema, t.name)):
            yield _finding(
                "SP601", t.key, f"{_name(t.schema, t.name)} has row-level security enabled "
                "but no policies: only the owner (and BYPASSRLS roles) see rows",
                f"CREATE POLICY ... ON {quote_ident(t.schema, t.name)} ...; or DISABLE ROW "
                "LEVEL SECURITY")


@rule("SP602", "policies-without-rls", "error",
      "policies on a table whose row-level security is disabled (they do nothing)")
def _policies_no_rls(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for (schema, table), ps in sorted(_policies_by_table(cat).items()):
        t = cat.tables.get(f"table:{schema}.{table}")
        if t is not None and not t.rls_enabled:
            yield _finding(
                "SP602", t.key, f"{_name(schema, table)} has {len(ps)} "
                f"polic{'y' if len(ps) == 1 else 'ies'} ({', '.join(p.name for p in ps)}) but "
                "row-level security is disabled, so none applies",
                f"ALTER TABLE {quote_ident(schema, table)} ENABLE ROW LEVEL SECURITY;")


@rule("SP603", "tenant-table-without-rls", "error",
      "a tenant-scoped table without row-level security (only with require_rls)")
def _tenant_no_rls(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    if not s.require_rls:
        return
    for t, col in _tenant_tables(cat, s):
        if not t.rls_enabled:
            yield _finding(
                "SP603", t.key, f"{_name(t.schema, t.name)} is tenant-scoped ({col}) but "
                "row-level security is not enabled",
                f"ALTER TABLE {quote_ident(t.schema, t.name)} ENABLE ROW LEVEL SECURITY; "
                "then CREATE POLICY ... USING (" + quote_ident(col) + " = ...)")


@rule("SP701", "sequence-unowned", "info", "a sequence not owned by any column")
def _sequence_unowned(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    for seq in cat.sequences.values():
        if seq.owned_by is not None:
            continue
        users = sorted(
            (t.schema, t.name, c.name) for t in cat.tables.values() for c in t.columns
            if c.default and "nextval" in c.default and _names_sequence(c.default, seq))
        seq_name = quote_ident(seq.schema, seq.name)
        if users:
            where = f"used by the default of {', '.join(_name(*u) for u in users)}"
            target = quote_ident(*users[0]) if len(users) == 1 else "schema.table.column"
            hint = f"ALTER SEQUENCE {seq_name} OWNED BY {target};"
        else:
            where, hint = "no column default uses it", f"DROP SEQUENCE {seq_name}; if unused"
        yield _finding("SP701", seq.key,
                       f"{_name(seq.schema, seq.name)} is not owned by any column ({where})", hint)


def _names_sequence(default: str, seq: m.Sequence) -> bool:
    refs = {(_unquote(a.group("s")), _unquote(a.group("n"))) for a in _TYPE_REF.finditer(default)}
    if (seq.schema, seq.name) in refs:
        return True
    return re.search(r"nextval\('\"?" + re.escape(seq.name) + r"\"?'", default) is not None


def _type_name(text: str) -> tuple[str, str] | None:
    base = re.sub(r"(\[\])+$", "", re.sub(r"\(.*?\)", "", text.strip()))
    match = _TYPE_REF.fullmatch(base)
    return (_unquote(match.group("s")), _unquote(match.group("n"))) if match else None


def used_types(cat: m.Catalog) -> set[tuple[str, str]]:
    """(schema, name) of every user type a column, view, domain, composite or routine names."""
    types = [c.type for t in cat.tables.values() for c in t.columns]
    types += [typ for v in cat.views.values() for _, typ in v.columns]
    types += [d.base_type for d in cat.domains.values()]
    types += [a[1] for ct in cat.composites.values() for a in ct.attributes]
    out = {n for n in map(_type_name, types) if n is not None}
    for fn in cat.functions.values():
        for text in (fn.identity_args, fn.arguments, fn.result or "", fn.body):
            out |= {(_unquote(a.group("s")), _unquote(a.group("n")))
                    for a in _TYPE_REF.finditer(text)}
    return out


@rule("SP702", "enum-unused", "info", "an enum type no column, view, domain or routine uses")
def _enum_unused(cat: m.Catalog, s: Settings) -> Iterator[Finding]:
    used = used_types(cat)
    for e in cat.enums.values():
        if (e.schema, e.name) not in used:
            yield _finding("SP702", e.key, f"{_name(e.schema, e.name)} ({len(e.labels)} values) "
                           "is not used by any column, view, domain, composite type or routine",
                           f"DROP TYPE {quote_ident(e.schema, e.name)};")


# ---------------------------------------------------------------- running


def run(cat: m.Catalog, settings: Settings | None = None) -> Result:
    """Run every enabled rule; findings an allow entry matches are counted, not returned."""
    settings = settings or Settings()
    found: list[Finding] = []
    for code, r in sorted(RULES.items()):
        if code not in settings.disable:
            found.extend(r.check(cat, settings))
    kept = [f for f in found if not any(a.matches(f) for a in settings.allow)]
    kept.sort(key=lambda f: (-SEVERITIES.index(f.severity), f.code, f.object, f.message))
    return Result(tuple(kept), len(found) - len(kept), settings)


def resolve_code(text: str, where: str = "--disable") -> str:
    """A rule code from a code or a name (case-insensitive); unknown ones are an error."""
    wanted = text.strip()
    for r in RULES.values():
        if wanted.upper() == r.code or wanted.lower() == r.name:
            return r.code
    raise UsageError(f"{where}: unknown lint rule {text!r} (known: {', '.join(sorted(RULES))}; "
                     "see 'schemaparity lint --list-rules')")


def parse_allow(text: str, where: str = "--allow") -> Allow:
    code, sep, glob = text.partition(":")
    if not sep or not glob.strip():
        raise UsageError(f"{where}: expected CODE:OBJECTGLOB, e.g. 'SP101:public.audit_*', "
                         f"got {text!r}")
    if glob.count("[") != glob.count("]"):
        raise UsageError(f"{where}: malformed glob in {text!r} (unbalanced '[' ... ']')")
    return Allow("*" if code.strip() == "*" else resolve_code(code, where), glob.strip(), text)


def _severity(value: Any, where: str) -> str:
    if value not in SEVERITIES:
        raise UsageError(f"{where}: expected one of {', '.join(SEVERITIES)}, got {value!r}")
    return str(value)


def _strings(where: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise UsageError(f"{where}: expected a list of strings")
    return tuple(value)


CONFIG_KEYS = ("disable", "allow", "tenant_columns", "membership_tables", "member_columns",
               "require_rls", "fail_on")


def parse_config(table: Any, where: str = "[schemaparity.lint]") -> Settings:
    """Validate a ``[schemaparity.lint]`` table: every key checked, errors name where."""
    if not isinstance(table, dict):
        raise UsageError(f"{where}: expected a table")
    unknown = sorted(set(table) - set(CONFIG_KEYS))
    if unknown:
        raise UsageError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(CONFIG_KEYS)})")
    require = table.get("require_rls", False)
    if not isinstance(require, bool):
        raise UsageError(f"{where}.require_rls: expected true or false")
    d = Settings()
    return Settings(
        disable=frozenset(resolve_code(c, f"{where}.disable")
                          for c in _strings(f"{where}.disable", table.get("disable", []))),
        allow=tuple(parse_allow(a, f"{where}.allow")
                    for a in _strings(f"{where}.allow", table.get("allow", []))),
        tenant_columns=_strings(f"{where}.tenant_columns",
                                table.get("tenant_columns", list(d.tenant_columns))),
        membership_tables=_strings(f"{where}.membership_tables",
                                   table.get("membership_tables", list(d.membership_tables))),
        member_columns=_strings(f"{where}.member_columns",
                                table.get("member_columns", list(d.member_columns))),
        require_rls=require,
        fail_on=_severity(table.get("fail_on", d.fail_on), f"{where}.fail_on"),
    )


def load_settings(path: str | None) -> Settings:
    """The lint table of ``path`` (or of ./schemaparity.toml, else ./pyproject.toml).

    Only ``[schemaparity.lint]`` is read, so lint works whatever the rest of the file holds;
    no file or no table gives the defaults, except that a named ``path`` must exist."""
    candidates = [Path(path)] if path else [Path("schemaparity.toml"), Path("pyproject.toml")]
    for p in candidates:
        if not p.exists():
            if path:
                raise UsageError(f"{p}: no such file")
            continue
        try:
            data = tomllib.loads(p.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"{p}: invalid TOML: {exc}") from None
        if p.name == "pyproject.toml":
            section, where = data.get("tool", {}).get("schemaparity", {}), "[tool.schemaparity"
        else:
            section, where = data.get("schemaparity", data), "[schemaparity"
        if "lint" in section or path or p.name == "schemaparity.toml":
            try:
                return parse_config(section.get("lint", {}), f"{where}.lint]")
            except UsageError as exc:
                raise UsageError(f"{p}: {exc}") from None
    return Settings()


def with_options(base: Settings, disable: Iterable[str] = (), allow: Iterable[str] = (),
                 tenant_columns: Iterable[str] = (), membership_tables: Iterable[str] = (),
                 member_columns: Iterable[str] = (), require_rls: bool | None = None,
                 fail_on: str | None = None) -> Settings:
    """Command-line options on top of the configuration: lists add (disable, allow) or
    replace (column and table names); flags override."""
    changes: dict[str, Any] = {
        "disable": base.disable | {resolve_code(c) for v in disable for c in v.split(",")
                                   if c.strip()},
        "allow": base.allow + tuple(parse_allow(a) for a in allow),
    }
    for name, value in (("tenant_columns", tuple(tenant_columns)),
                        ("membership_tables", tuple(membership_tables)),
                        ("member_columns", tuple(member_columns))):
        if value:
            changes[name] = value
    if require_rls is not None:
        changes["require_rls"] = require_rls
    if fail_on is not None:
        changes["fail_on"] = _severity(fail_on, "--fail-on")
    return replace(base, **changes)


# ---------------------------------------------------------------- output


def summary(result: Result) -> str:
    counts = result.counts()
    n = len(result.findings)
    parts = [f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
             f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}",
             f"{counts['info']} info"]
    text = "no findings" if n == 0 else f"{n} finding{'s' if n != 1 else ''}: " + ", ".join(parts)
    if result.allowed:
        text += f" ({result.allowed} allowed)"
    return text


def to_text(result: Result, label: str) -> str:
    """Findings grouped by rule (worst rule first), one object per entry with its fix."""
    lines: list[str] = []
    groups: dict[str, list[Finding]] = {}
    for f in result.findings:
        groups.setdefault(f.code, []).append(f)
    for code, fs in groups.items():
        r = RULES[code]
        lines.append(f"{code} {r.name} ({r.severity}): {len(fs)}")
        for f in fs:
            lines += [f"  {f.object}", f"    {f.message}", f"    fix: {f.hint}"]
        lines.append("")
    lines.append(f"{label}: {summary(result)}")
    return "\n".join(lines) + "\n"


def to_json(result: Result, label: str) -> str:
    doc = {
        "format_version": JSON_FORMAT_VERSION,
        "source": label,
        "fail_on": result.settings.fail_on,
        "disabled": sorted(result.settings.disable),
        "summary": {**result.counts(), "total": len(result.findings),
                    "allowed": result.allowed},
        "findings": [{"code": f.code, "name": f.name, "severity": f.severity,
                      "object": f.object, "message": f.message, "hint": f.hint}
                     for f in result.findings],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def rules_text() -> str:
    return "".join(f"{r.code}  {r.name:<30} {r.severity:<8} {r.summary}\n"
                   for r in sorted(RULES.values(), key=lambda r: r.code))
