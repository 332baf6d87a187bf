"""The configuration file's sections as the API reads them: the whole file for ``check``,
one section alone for ``plan``, ``diff`` and ``lint``, and the checks a run names."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schemaparity import config as config_mod
from schemaparity.config import CheckSpec, Config, ConfigError, PlanConfig
from schemaparity.normalize import Rules

if TYPE_CHECKING:
    from schemaparity import lint as lint_mod


def hazards() -> tuple[str, ...]:
    """The hazard names a ``[schemaparity.plan]`` section may allow."""
    from schemaparity.hazards import Hazard

    return tuple(sorted(h.value for h in Hazard))


def _plan_section(where: str, table: Any) -> PlanConfig:
    return config_mod.parse_plan(where, table, hazards())


def _lint_section(where: str, table: Any) -> lint_mod.Settings:
    from schemaparity import lint

    return lint.parse_config(table, where)


SECTIONS = {"plan": _plan_section, "lint": _lint_section}


def load_config(path: str | Path | None = None) -> Config:
    """The whole configuration (for ``check``): every table, every feature's, checked."""
    return config_mod.load(path, SECTIONS)


def plan_settings(path: str | Path | None = None) -> PlanConfig:
    """``[schemaparity.plan]`` alone (defaults when there is none); errors are errors."""
    return config_mod.load_section("plan", path, _plan_section, PlanConfig())


def normalize_settings(path: str | Path | None = None) -> Rules:
    """``[schemaparity.normalize]`` alone (no rules when there is none); errors are errors."""
    return config_mod.load_section("normalize", path, config_mod.parse_normalize, Rules())


def check_spec(config: Config, name: str) -> CheckSpec:
    """The check called ``name`` in ``config``; a one-line error naming the others."""
    for spec in config.checks:
        if spec.name == name:
            return spec
    raise ConfigError(f"no check named {name!r} (checks: "
                      f"{', '.join(c.name for c in config.checks) or 'none'})")


def only_checks(config: Config, names: tuple[str, ...]) -> Config:
    """``config`` with only the checks called ``names`` (in the order given) and the sources
    they compare; an unknown name is a one-line error naming the checks there are."""
    chosen = tuple(check_spec(config, name) for name in dict.fromkeys(names))
    used = {side for spec in chosen for side in (spec.left, spec.right)}
    return replace(config, checks=chosen,
                   sources={k: v for k, v in config.sources.items() if k in used})


def lint_settings(path: str | Path | None = None) -> lint_mod.Settings:
    """``[schemaparity.lint]`` alone (defaults when there is none); errors are errors."""
    from schemaparity import lint

    return config_mod.load_section("lint", path, _lint_section, lint.Settings())
