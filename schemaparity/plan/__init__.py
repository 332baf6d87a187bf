"""Plan: ordered, online-safe migration steps from one schema to another.

``build(source, target, options, rules) -> Plan``: normalize the pair once and diff it (unless
the caller gives the diff; :func:`build_normalized` takes a pair the caller normalized), turn
each change into steps (``ops``: one module per object kind), order them by phase and
dependencies (``order``), and refuse nothing yet: the caller decides which hazards are
allowed (:func:`refused`). ``render`` turns a plan into SQL, JSON or one file a step.
"""

from __future__ import annotations

import hashlib

from schemaparity import dumpfile, gcpolicy
from schemaparity import model as m
from schemaparity.apimodules import callable_module
from schemaparity.diff import Diff, compare
from schemaparity.normalize import Normalized, Rules, normalize_pair
from schemaparity.plan.ops import HANDLERS, Builder, PlanOptions, renames
from schemaparity.plan.ops.inserts import inserts
from schemaparity.plan.ops.prechecks import prechecks
from schemaparity.plan.order import PlanError, UnsupportedChange, order, run_handlers
from schemaparity.plan.steps import Hazard, HazardNote, Phase, Plan, Step

__all__ = ["Hazard", "HazardNote", "Phase", "Plan", "PlanError", "PlanOptions", "Step",
           "UnsupportedChange", "build", "build_normalized", "empty_catalog", "fingerprint",
           "fingerprint_text", "refused"]


def fingerprint(catalog: m.Catalog) -> str:
    """A date-free fingerprint of a schema: sha256 of the objects of its canonical JSON dump
    (server version and row counts left out, so one schema has one fingerprint anywhere)."""
    return fingerprint_text(dumpfile.to_json(catalog))


def fingerprint_text(text: str) -> str:
    """The :func:`fingerprint` of a canonical JSON dump, from its text (the recorded
    dependencies left out: planning data, not part of the schema)."""
    text = dumpfile.without_depends(text)
    start = text.index('\n "objects": {')
    end = text.index('\n "row_count_mode"')
    return hashlib.sha256(text[start:end].encode()).hexdigest()[:16]


def empty_catalog(server_version: int = 0) -> m.Catalog:
    """The catalog of a fresh database: only the public schema and plpgsql."""
    return m.Catalog.build(
        server_version,
        schemas=[m.Schema("public", comment="standard public schema")],
        extensions=[m.Extension("plpgsql", "1.0", "pg_catalog",
                                comment="PL/pgSQL procedural language")],
    )


def build(source: m.Catalog, target: m.Catalog, options: PlanOptions | None = None,
          rules: Rules | None = None, source_name: str = "source",
          target_name: str = "target", changes: Diff | None = None,
          fingerprints: tuple[str, str] | None = None) -> Plan:
    """The plan that turns ``source`` into ``target`` (both as they are: the rules are
    applied here, once); ``changes``, when given, is the part of their diff to plan."""
    pair = normalize_pair(source, target, rules)
    d = changes or compare(pair, source_name, target_name)
    prints = fingerprints or (fingerprint(source), fingerprint(target))
    return build_normalized(pair, d, options, (source_name, target_name), prints)


def build_normalized(pair: Normalized, d: Diff, options: PlanOptions | None,
                     names: tuple[str, str], fingerprints: tuple[str, str]) -> Plan:
    """The plan of the changes ``d`` between the sides of ``pair``, already normalized: the
    builder sees the source as it is once the rename maps are applied, and the rule
    renames of ``d`` are the plan's first steps."""
    options = options or PlanOptions()
    with gcpolicy.paused():  # 100,000 steps and their texts, no garbage cycle
        builder = Builder(pair.left, pair.right, d, options)
        renames(builder, d.renames)
        grouped = d.by_kind()
        run_handlers(HANDLERS, builder, grouped)  # every refusal at once
        prechecks(builder)  # read-only checks of the data, before anything changes
        inserts(builder)  # the data steps of the options, after every step they may need
        by_phase: dict[Phase, list[Step]] = {phase: [] for phase in Phase}
        for s in builder.steps:
            by_phase[s.phase].append(s)
        steps: list[Step] = []
        for phase, in_phase in by_phase.items():
            steps += order(in_phase, reverse_needs=phase in (Phase.CONTRACT,))
    gcpolicy.left(builder, grouped)  # their lookups, ~500,000 objects: not freed one by one
    _check_dependencies(steps)
    return Plan(names[0], names[1], fingerprints[0], fingerprints[1], tuple(steps),
                options.lock_timeout, options.statement_timeout)


def _check_dependencies(steps: list[Step]) -> None:
    position = {s.id: i for i, s in enumerate(steps)}
    for i, s in enumerate(steps):
        for dep in s.depends_on:
            if dep in position and position[dep] > i:
                raise PlanError(f"step {s.id} must run after {dep}, which a later phase holds")


def refused(plan: Plan, allowed: set[str]) -> list[tuple[Step, HazardNote]]:
    """The hazards of ``plan`` not in ``allowed`` (hazard values, or "all")."""
    if "all" in allowed:
        return []
    return [(s, h) for s, h in plan.hazards if h.hazard.value not in allowed]


callable_module(__name__)  # schemaparity.plan(...) calls the API function
