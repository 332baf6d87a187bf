"""The order inside a phase is graphlib's, ready batch after ready batch, each sorted; a cycle
is named as graphlib names it."""

from __future__ import annotations

import random
from graphlib import CycleError, TopologicalSorter

import pytest

from schemaparity.plan.order import PlanError, order
from schemaparity.plan.steps import Phase, Step


def _graphlib_order(steps: list[Step]) -> list[str]:
    """The reference: graphlib over the same ``depends_on`` edges, each batch sorted."""
    sorter = TopologicalSorter({s.id: set(s.depends_on) for s in steps})
    sorter.prepare()
    out: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        out += ready
        sorter.done(*ready)
    return out


def _steps(rng: random.Random, n: int) -> list[Step]:
    ids = [f"2.table.create:s.t{rng.randrange(10**6):06d}_{i}" for i in range(n)]
    rank = {i: k for k, i in enumerate(ids)}  # edges go from later to earlier: no cycle
    rng.shuffle(ids)
    return [Step(id=i, phase=Phase.CREATE, key=f"table:{i}", sql="SELECT 1;",
                 depends_on=tuple(rng.sample([d for d in ids if rank[d] < rank[i]],
                                             min(rank[i], rng.randrange(4)))))
            for i in ids]


@pytest.mark.parametrize("seed", range(40))
def test_order_is_graphlibs_batch_order(seed: int) -> None:
    rng = random.Random(seed)
    steps = _steps(rng, rng.randrange(1, 60))
    assert [s.id for s in order(steps)] == _graphlib_order(steps)


def test_a_cycle_is_named_as_graphlib_names_it() -> None:
    a = Step(id="2.view.create:s.a", phase=Phase.CREATE, key="view:s.a", sql="",
             depends_on=("2.view.create:s.b",))
    b = Step(id="2.view.create:s.b", phase=Phase.CREATE, key="view:s.b", sql="",
             depends_on=("2.view.create:s.a",))
    free = Step(id="2.view.create:s.c", phase=Phase.CREATE, key="view:s.c", sql="")
    with pytest.raises(CycleError) as expected:
        TopologicalSorter({free.id: set(), a.id: {b.id}, b.id: {a.id}}).prepare()
    with pytest.raises(PlanError) as got:
        order([free, a, b])
    assert str(got.value) == ("dependency cycle between steps: "
                              + " -> ".join(expected.value.args[1]))


def test_a_step_is_made_with_every_field_and_stays_frozen() -> None:
    """Step writes its own __init__ (for speed): it must take every field, with the field's
    default, set each, and the step must stay immutable and hashable."""
    import dataclasses
    import inspect

    from schemaparity.plan.steps import Hazard, HazardNote

    params = inspect.signature(Step.__init__).parameters
    fields = dataclasses.fields(Step)
    assert list(params)[1:] == [f.name for f in fields]
    assert [params[f.name].default for f in fields] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        for f in fields]
    values = {"id": "2.column.add:public.t.c", "phase": Phase.CREATE, "key": "column:public.t.c",
              "sql": "ALTER TABLE t ADD c int;", "transactional": False,
              "hazards": (HazardNote(next(iter(Hazard)), "m"),), "depends_on": ("a",),
              "lock": "none", "provides": ("p",), "needs": ("n",)}
    step = Step(**values)
    assert {f.name: getattr(step, f.name) for f in fields} == values
    assert step == Step(**values) and hash(step) == hash(Step(**values))
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.id = "x"  # type: ignore[misc]
