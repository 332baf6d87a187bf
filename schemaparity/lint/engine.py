"""The lint engine: findings, settings, the rule registry and running the rules over a Catalog.

A rule module registers its checks with ``@rule(code, name, severity, summary)``; ``run``
applies every enabled rule, drops the findings an allow entry matches and sorts the rest by
severity (worst first), code and object.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from schemaparity import model as m

SEVERITIES = ("info", "warning", "error")  # ascending
DEFAULT_TENANT_COLUMNS = ("organization_id", "org_id", "tenant_id",
                          "organizationId", "orgId", "tenantId")
DEFAULT_MEMBER_COLUMNS = ("user_id", "userId", "member_id", "memberId")


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


def finding(code: str, obj: str, message: str, hint: str) -> Finding:
    return Finding(code, RULES[code].severity, obj, message, hint)


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
