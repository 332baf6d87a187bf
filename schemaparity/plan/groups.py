"""Transaction groups: which steps of a plan share one BEGIN/COMMIT, computed once from each
step's declared lock and used by every rendering (the SQL file, the JSON, ``--split``).

A step that blocks writers (its declared lock is SHARE or stronger) runs alone in a short
transaction of its own under ``lock_timeout``, so no strong lock is ever held while another
step scans; a step that must run outside a transaction (CONCURRENTLY, a batched backfill)
stands alone with no BEGIN; consecutive steps of a phase taking only locks that let writes go
on (VALIDATE, new objects: ``none``) share one transaction. A step whose SQL holds several
statements (a swap: drop the old, rename the new) is one group, so they commit together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from schemaparity.plan.steps import Phase, Step

# pg_locks table lock modes, weakest first; from SHARE on, writers (ROW EXCLUSIVE) wait
MODES = ("ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
         "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE")
STRONG = frozenset(MODES[MODES.index("SHARE"):])


def blocks_writers(step: Step) -> bool:
    """Does the step's declared lock make writers of its table wait?"""
    return step.lock in STRONG


@dataclass(frozen=True, slots=True, init=False)
class Group:
    """Steps that run in one transaction (``transactional``) or one step that runs alone
    outside any; ``number`` counts from 1 through the whole plan."""

    number: int
    phase: Phase
    steps: tuple[Step, ...]
    transactional: bool

    def __init__(self, number: int, phase: Phase, steps: tuple[Step, ...],
                 transactional: bool) -> None:
        _number(self, number)
        _phase(self, phase)
        _steps(self, steps)
        _transactional(self, transactional)

    @property
    def lock(self) -> str | None:
        """The strongest lock a step of the group declares."""
        locks = [s.lock for s in self.steps if s.lock in MODES]
        return max(locks, key=MODES.index) if locks else None


# each slot's setter bound once (a plan of 100,000 steps makes ~80,000 groups; see Step)
_number, _phase, _steps, _transactional = (Group.__dict__[f.name].__set__ for f in fields(Group))


def groups(steps: Iterable[Step]) -> tuple[Group, ...]:
    """The plan's steps (already in order) cut into transaction groups."""
    out: list[Group] = []
    current: list[Step] = []

    def close() -> None:
        if current:
            out.append(Group(len(out) + 1, current[0].phase, tuple(current), True))
            current.clear()

    for step in steps:
        if current and current[0].phase != step.phase:
            close()
        if not step.transactional:
            close()
            out.append(Group(len(out) + 1, step.phase, (step,), False))
        elif blocks_writers(step):
            close()
            current.append(step)
            close()
        else:
            current.append(step)
    close()
    return tuple(out)


def group_of(steps: Iterable[Step]) -> dict[str, int]:
    """Step id -> the number of its group."""
    return {s.id: g.number for g in groups(steps) for s in g.steps}
