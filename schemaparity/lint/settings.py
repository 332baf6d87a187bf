"""Lint settings from the configuration file and the command line, validated: rule codes or
names, ``CODE:glob`` allow entries, column and table names, ``fail_on``."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from schemaparity.errors import UsageError
from schemaparity.lint.engine import RULES, SEVERITIES, Allow, Settings


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
