"""Configuration: ``[tool.schemaparity]`` in pyproject.toml, or a ``schemaparity.toml``.

Every key is checked: an unknown key, kind or a malformed glob is an error (exit 2) naming
where it is, never silently ignored. Paths are relative to the configuration file.

Example (schemaparity.toml; in pyproject.toml prefix each table with ``tool.``)::

    [schemaparity]
    baseline = "schemaparity-baseline.json"

    [schemaparity.sources]
    oss = "dumps/agent_platform_oss.sql"
    cloud = { dump = "dumps/agent_platform_cloud.json", from = "dumps/agent_platform_cloud.sql" }

    [[schemaparity.checks]]
    name = "oss-vs-cloud"
    left = "oss"
    right = "cloud"
    relation = "equal"            # or "left-subset"

    [[schemaparity.checks.expect]]
    reason = "cloud-only tables"
    only_right = ["table:public.organizations", "table:public.api_keys"]
    expires = 2027-06-30          # optional: a violation after this date

    [[schemaparity.checks.expect]]
    reason = "no tenant column in OSS"
    absent_left = ["*.org_id"]    # column globs; optional = true: may match nothing
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from schemaparity.errors import UsageError
from schemaparity.normalize import Pattern, Rules, parse_pattern
from schemaparity.sqlite.crossengine import Settings as CrossEngine
from schemaparity.sqlite.crossengine import parse_settings as parse_cross_engine

if TYPE_CHECKING:  # datasteps parses SQL (sqlglot): imported when a plan section has data steps
    from schemaparity.datasteps import InsertStep

T = TypeVar("T")
SectionParser = Callable[[str, Any], Any]  # (where, table) -> the feature's settings
RELATIONS = ("equal", "left-subset")
EXPECT_KINDS = ("only_left", "only_right", "absent_left", "absent_right", "ignore_columns",
                "map_constraint", "changed")
COLUMN_KINDS = ("absent_left", "absent_right", "ignore_columns")  # their globs name columns


class ConfigError(UsageError):
    """The configuration is invalid."""


@dataclass(frozen=True)
class SourceSpec:
    name: str
    source: str  # what is compared: a DSN, a .sql file or a .json dump
    origin: str | None = None  # for a dump: where it came from, to catch a stale dump


@dataclass(frozen=True)
class Expectation:
    id: str  # "<check>#<n>"
    reason: str
    kind: str  # one of EXPECT_KINDS
    patterns: tuple[Pattern, ...] = ()
    fields: tuple[str, ...] = ()  # for "changed": the attributes allowed to differ
    left_def: str | None = None  # for "map_constraint"
    right_def: str | None = None
    tables: Pattern | None = None
    expires: dt.date | None = None
    optional: bool = False  # matching nothing is a note, not a violation


@dataclass(frozen=True)
class CheckSpec:
    name: str
    left: str
    right: str
    relation: str = "equal"
    rules: Rules = field(default_factory=Rules)
    expect: tuple[Expectation, ...] = ()
    cross_engine: CrossEngine | None = None  # SQLite against PostgreSQL (sqlite.crossengine)


@dataclass(frozen=True)
class PlanConfig:
    """``[schemaparity.plan]``: how migration plans are made."""

    backfill: dict[str, str] = field(default_factory=dict)  # "schema.table.column" -> SQL
    unresolved: dict[str, str] = field(default_factory=dict)  # column -> "delete" (datasteps)
    inserts: tuple[InsertStep, ...] = ()
    allow_hazards: tuple[str, ...] = ()
    batch_size: int = 10_000
    lock_timeout: str = "5s"
    statement_timeout: str = "0"


@dataclass(frozen=True)
class Config:
    path: Path | None
    sources: dict[str, SourceSpec]
    checks: tuple[CheckSpec, ...]
    rules: Rules = field(default_factory=Rules)
    baseline: Path | None = None
    plan: PlanConfig = field(default_factory=PlanConfig)


def parse_plan(where: str, table: Any, hazards: Collection[str] = ()) -> PlanConfig:
    """``[schemaparity.plan]``; the planner passes its ``hazards`` names to check (this module
    does not import the planner), without them the names are not checked."""
    table = _keys(where, table, ("backfill", "insert", "allow_hazards", "batch_size",
                                 "lock_timeout", "statement_timeout"))
    from schemaparity.datasteps import DataStepError, parse_backfill, parse_inserts

    try:
        backfill, unresolved = parse_backfill(f"{where}.backfill", table.get("backfill", {}))
        inserts = parse_inserts(f"{where}.insert", table.get("insert", []))
    except DataStepError as exc:
        raise ConfigError(str(exc)) from None
    names = _strings(f"{where}.allow_hazards", table.get("allow_hazards", []))
    known = set(hazards) | {"all"}
    for h in names:
        if hazards and h not in known:
            raise ConfigError(f"{where}.allow_hazards: unknown hazard {h!r} "
                              f"(known: {', '.join(sorted(known))})")
    batch = table.get("batch_size", 10_000)
    if not isinstance(batch, int) or batch < 1:
        raise ConfigError(f"{where}.batch_size: a positive integer")
    timeouts = {}
    for name in ("lock_timeout", "statement_timeout"):
        value = table.get(name, "5s" if name == "lock_timeout" else "0")
        if not isinstance(value, str | int):
            raise ConfigError(f"{where}.{name}: a duration such as '5s'")
        timeouts[name] = str(value)
    return PlanConfig(backfill, unresolved, inserts, tuple(names), batch, **timeouts)


def _keys(where: str, table: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(allowed)})")
    return table


def _strings(where: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return value


def _patterns(where: str, value: Any, default_kind: str | None = None) -> tuple[Pattern, ...]:
    try:
        return tuple(parse_pattern(p, default_kind) for p in _strings(where, value))
    except UsageError as exc:
        raise ConfigError(f"{where}: {exc}") from None


_RULE_KEYS = ("ignore", "rename_schemas", "rename_tables", "column_order")


def _rules(where: str, table: dict[str, Any], base: Rules | None = None) -> Rules:
    base = base or Rules()
    try:
        rules = Rules.make(
            ignore=[],
            rename_schemas=table.get("rename_schemas", dict(base.rename_schemas)),
            rename_tables=table.get("rename_tables", dict(base.rename_tables)),
            column_order=table.get("column_order", base.column_order),
        )
    except UsageError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    ignore = base.ignore + _patterns(f"{where}.ignore", table.get("ignore", []))
    return Rules(ignore, rules.rename_schemas, rules.rename_tables, rules.column_order)


def parse_normalize(where: str, table: Any) -> Rules:
    """``[schemaparity.normalize]``: the rules every check (and ``plan``) starts from."""
    return _rules(where, _keys(where, table, _RULE_KEYS))


def _date(where: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"{where}: expires must be a date like 2027-06-30, got {value!r}")


def _expectation(where: str, check: str, n: int, table: Any) -> Expectation:
    table = _keys(where, table, ("reason", "expires", "fields", "optional", *EXPECT_KINDS))
    kinds = [k for k in EXPECT_KINDS if k in table]
    if len(kinds) != 1:
        raise ConfigError(f"{where}: give exactly one of {', '.join(EXPECT_KINDS)}")
    reason = table.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(f"{where}: every expected difference needs a reason")
    kind = kinds[0]
    expires = _date(where, table["expires"]) if "expires" in table else None
    optional = table.get("optional", False)
    if not isinstance(optional, bool):
        raise ConfigError(f"{where}.optional: true or false")
    common = {"id": f"{check}#{n}", "reason": reason.strip(), "kind": kind, "expires": expires,
              "optional": optional}
    if "fields" in table and kind != "changed":
        raise ConfigError(f"{where}: 'fields' only goes with 'changed'")
    if kind == "map_constraint":
        spec = _keys(f"{where}.map_constraint", table[kind], ("left", "right", "tables"))
        if not isinstance(spec.get("left"), str) or not isinstance(spec.get("right"), str):
            raise ConfigError(f"{where}.map_constraint: needs left and right definitions, "
                              "e.g. left = \"UNIQUE (slug)\", right = \"UNIQUE (org_id, slug)\"")
        tables = _patterns(f"{where}.map_constraint.tables", spec.get("tables", "*"), "table")
        return Expectation(**common, left_def=spec["left"], right_def=spec["right"],
                           tables=tables[0])
    default_kind = "column" if kind in COLUMN_KINDS else None
    patterns = _patterns(f"{where}.{kind}", table[kind], default_kind)
    if kind in COLUMN_KINDS and any(p.kind != "column" for p in patterns):
        raise ConfigError(f"{where}.{kind}: patterns name columns, like '*.org_id'")
    fields = tuple(_strings(f"{where}.fields", table.get("fields", [])))
    return Expectation(**common, patterns=patterns, fields=fields)


def _sources(where: str, data: dict[str, Any], base: Path) -> dict[str, SourceSpec]:
    def resolve(p: str) -> str:
        return _relative(base, p)

    sources: dict[str, SourceSpec] = {}
    for name, spec in _keys(f"{where}.sources", data.get("sources", {}),
                            tuple(data.get("sources", {}))).items():
        if isinstance(spec, str):
            sources[name] = SourceSpec(name, resolve(spec))
        else:
            spec = _keys(f"{where}.sources.{name}", spec, ("dump", "from"))
            if not isinstance(spec.get("dump"), str):
                raise ConfigError(f"{where}.sources.{name}: needs dump = \"FILE.json\"")
            origin = spec.get("from")
            if origin is not None and not isinstance(origin, str):
                raise ConfigError(f"{where}.sources.{name}.from: expected a SOURCE string")
            sources[name] = SourceSpec(name, resolve(spec["dump"]),
                                       resolve(origin) if origin else None)
    return sources


def _relative(base: Path, p: str) -> str:
    if "://" in p or ("=" in p and not p.endswith((".sql", ".json"))):
        return p
    return str(base / p) if not Path(p).is_absolute() else p


def _checks(where: str, data: dict[str, Any], sources: dict[str, SourceSpec],
            rules: Rules) -> tuple[CheckSpec, ...]:
    checks = []
    raw_checks = data.get("checks", [])
    if not isinstance(raw_checks, list):
        raise ConfigError(f"{where}.checks: expected [[checks]] tables")
    names = set()
    for i, raw in enumerate(raw_checks):
        cw = f"{where}.checks[{i}]"
        raw = _keys(cw, raw, ("name", "left", "right", "relation", "expect", "cross_engine",
                              *_RULE_KEYS))
        name = raw.get("name", f"check{i + 1}")
        if name in names:
            raise ConfigError(f"{cw}: duplicate check name {name!r}")
        names.add(name)
        for side in ("left", "right"):
            if raw.get(side) not in sources:
                raise ConfigError(f"{cw}.{side}: {raw.get(side)!r} is not a source "
                                  f"(sources: {', '.join(sorted(sources)) or 'none'})")
        relation = raw.get("relation", "equal")
        if relation not in RELATIONS:
            raise ConfigError(f"{cw}.relation: {relation!r} is not one of {', '.join(RELATIONS)}")
        expects = raw.get("expect", [])
        if not isinstance(expects, list):
            raise ConfigError(f"{cw}.expect: expected [[checks.expect]] tables")
        checks.append(CheckSpec(
            name=name, left=raw["left"], right=raw["right"], relation=relation,
            rules=_rules(cw, {k: raw[k] for k in _RULE_KEYS if k in raw}, rules),
            expect=tuple(_expectation(f"{cw}.expect[{n}]", name, n + 1, e)
                         for n, e in enumerate(expects)),
            cross_engine=_cross_engine(f"{cw}.cross_engine", raw.get("cross_engine", False)),
        ))
    return tuple(checks)


def _cross_engine(where: str, value: Any) -> CrossEngine | None:
    try:
        return parse_cross_engine(where, value)
    except UsageError as exc:
        raise ConfigError(str(exc)) from None


def parse(data: dict[str, Any], path: Path | None,
          sections: Mapping[str, SectionParser] | None = None) -> Config:
    """The whole configuration. ``sections`` holds the features' own parsers (``plan``,
    ``lint``), so that ``check`` rejects a bad table of any feature without this module
    importing the features; ``plan`` defaults to :func:`parse_plan` without hazard names."""
    where = "[tool.schemaparity]" if path and path.name == "pyproject.toml" else "[schemaparity]"
    data = _keys(where, data, ("sources", "checks", "normalize", "baseline", "plan", "lint"))
    sections = sections or {}
    for name, parser in sections.items():
        if name != "plan" and name in data:
            try:
                parser(f"{where}.{name}", data[name])
            except UsageError as exc:
                raise ConfigError(str(exc)) from None
    base = path.parent if path else Path(".")
    sources = _sources(where, data, base)
    rules = parse_normalize(f"{where}.normalize", data.get("normalize", {}))
    checks = _checks(where, data, sources, rules)
    baseline = data.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        raise ConfigError(f"{where}.baseline: expected a file name")
    plan = sections.get("plan", parse_plan)(f"{where}.plan", data.get("plan", {}))
    return Config(path, sources, checks, rules,
                  Path(_relative(base, baseline)) if baseline else None, plan)


def load(path: str | Path | None = None,
         sections: Mapping[str, SectionParser] | None = None) -> Config:
    """Load the configuration from ``path``, or find schemaparity.toml / pyproject.toml."""
    if path is None:
        for candidate in (Path("schemaparity.toml"), Path("pyproject.toml")):
            if candidate.exists():
                cfg = _load_file(candidate, candidate.name == "schemaparity.toml", sections)
                if cfg is not None:
                    return cfg
        raise ConfigError("no configuration: write a schemaparity.toml or a [tool.schemaparity]"
                          " table in pyproject.toml, or pass --config FILE")
    cfg = _load_file(Path(path), True, sections)
    assert cfg is not None
    return cfg


def load_section(name: str, path: str | Path | None, parser: Callable[[str, Any], T],
                 default: T) -> T:
    """One feature's table (``[schemaparity.NAME]``) of ``path``, or of ./schemaparity.toml,
    else ./pyproject.toml, checked by the feature's ``parser``; the rest of the file is not
    read, so a feature works whatever the other tables hold. No file or no table gives
    ``default``, except that a named ``path`` must exist. Errors are never swallowed."""
    candidates = [Path(path)] if path else [Path("schemaparity.toml"), Path("pyproject.toml")]
    for p in candidates:
        if not p.exists():
            if path:
                raise ConfigError(f"{p}: no such file")
            continue
        data = _read(p)
        pyproject = p.name == "pyproject.toml"
        table = (data.get("tool", {}).get("schemaparity", {}) if pyproject
                 else data.get("schemaparity", data))
        if name in table or path or not pyproject:
            where = f"[tool.schemaparity.{name}]" if pyproject else f"[schemaparity.{name}]"
            try:
                return parser(where, table.get(name, {}))
            except UsageError as exc:
                raise ConfigError(f"{p}: {exc}") from None
    return default


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _load_file(path: Path, required: bool,
               sections: Mapping[str, SectionParser] | None) -> Config | None:
    data = _read(path)
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("schemaparity")
        if section is None:
            if required:
                raise ConfigError(f"{path}: no [tool.schemaparity] table")
            return None
    else:
        section = data.get("schemaparity", data)
    try:
        return parse(section, path, sections)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
