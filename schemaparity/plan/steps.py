"""Steps as data: what a migration does, in which phase, at what cost."""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import IntEnum

from schemaparity.hazards import Hazard

__all__ = ["NO_LOCK", "Hazard", "HazardNote", "Phase", "Plan", "Step", "kind_and_action"]


class Phase(IntEnum):
    """The fixed order of a plan; within a phase, steps follow their dependencies."""

    PRECHECK = 0  # read-only checks of the data the plan needs; a failure stops before any change
    PREPARE = 1  # extensions, schemas, types, enum values, sequences, functions defaults need
    CREATE = 2  # tables, partitions, columns (added nullable)
    BACKFILL = 3  # batched updates that give new NOT NULL columns their values
    CONSTRAIN = 4  # CHECK / FK NOT VALID + VALIDATE, NOT NULL, unique indexes, indexes
    DEPENDENT = 5  # views, functions, triggers, policies, RLS flags, comments
    CONTRACT = 6  # drops: FKs to legacy tables, legacy tables (children first), columns, types

    @property
    def title(self) -> str:
        return self.name.lower()


# the lock a step declares when it takes none on a table that exists before the plan (a new
# type, function or schema; DDL on a table the plan made): absent, a step declares nothing
NO_LOCK = "none"


@dataclass(frozen=True, slots=True)
class HazardNote:
    hazard: Hazard
    message: str


@dataclass(frozen=True, slots=True, init=False)
class Step:
    id: str  # stable: "<phase>.<kind>.<action>:<object>"
    phase: Phase
    key: str  # the object the step is about
    sql: str
    transactional: bool = True  # False: must run outside BEGIN/COMMIT (CONCURRENTLY, COMMIT)
    hazards: tuple[HazardNote, ...] = ()
    depends_on: tuple[str, ...] = ()  # ids of steps that must run first (same or earlier phase)
    # the strongest lock the step takes on a table, materialized view or view that exists
    # before the plan, as plans spell it ("ACCESS EXCLUSIVE"), or NO_LOCK; verify checks it
    # on tables and materialized views
    lock: str | None = None
    provides: tuple[str, ...] = ()  # object keys that exist after this step (for ordering)
    needs: tuple[str, ...] = ()  # object keys that must exist before it

    def __init__(self, id: str, phase: Phase, key: str, sql: str,  # noqa: A002 - the field
                 transactional: bool = True, hazards: tuple[HazardNote, ...] = (),
                 depends_on: tuple[str, ...] = (), lock: str | None = None,
                 provides: tuple[str, ...] = (), needs: tuple[str, ...] = ()) -> None:
        _id(self, id)
        _phase(self, phase)
        _key(self, key)
        _sql(self, sql)
        _transactional(self, transactional)
        _hazards(self, hazards)
        _depends_on(self, depends_on)
        _lock(self, lock)
        _provides(self, provides)
        _needs(self, needs)


# the frozen dataclass's own __init__ looks object.__setattr__ up and finds each field's slot
# by name (2.4 us a step); each slot's setter, bound once, sets it directly (1.1 us), and a
# plan at 10,000 tables makes 100,000 steps
(_id, _phase, _key, _sql, _transactional, _hazards, _depends_on, _lock, _provides,
 _needs) = (Step.__dict__[f.name].__set__ for f in fields(Step))


@dataclass(frozen=True)
class Plan:
    source: str
    target: str
    source_fingerprint: str
    target_fingerprint: str
    steps: tuple[Step, ...]
    lock_timeout: str = "5s"
    statement_timeout: str = "0"

    @property
    def hazards(self) -> list[tuple[Step, HazardNote]]:
        return [(s, h) for s in self.steps for h in s.hazards]


def kind_and_action(step_id: str) -> tuple[str, str]:
    """``"6.table.archive:public.t"`` -> ``("table", "archive")``; ``("", "")`` for an id that
    does not have the shape of :attr:`Step.id` (a hand-edited plan file)."""
    parts = step_id.partition(":")[0].split(".")
    return (parts[1], parts[2]) if len(parts) == 3 else ("", "")
