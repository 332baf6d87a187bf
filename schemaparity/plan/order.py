"""Order steps: phases in their fixed order; inside a phase a stable topological order.

Edges come from what each step ``needs`` and what other steps ``provide`` (object keys), plus
explicit ``depends_on`` ids. Between two drops the edge is always turned around, in every
phase: what needs an object is dropped before it (a view before the view it reads).
Extensions, whose members the catalog does not list, are created first and dropped last.
Ties are broken by step id, so the same plan always comes out in the same order. A cycle is
an error that names the steps in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from graphlib import CycleError, TopologicalSorter
from typing import Any

from schemaparity.errors import SchemaParityError
from schemaparity.plan.steps import Step, kind_and_action

DROPS = ("drop", "archive")  # the actions that make an object go away


class PlanError(SchemaParityError):
    """The plan cannot be made (exit 1: the schemas differ in a way we will not guess at)."""

    exit_code = 1


class UnsupportedChange(SchemaParityError):
    """A change the planner will not turn into SQL; it must be done by hand."""

    exit_code = 1


class MissingBackfill(PlanError):
    """A column that needs values (NOT NULL, no default) and has no backfill rule."""

    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column  # "schema.table.column"


class Refusals(PlanError):
    """Several refused changes: one line each under a head line (the one error whose text
    has several lines, like the list of refused hazards)."""

    def __init__(self, lines: list[str], refusals: list[PlanError | UnsupportedChange]) -> None:
        super().__init__(lines[0])
        self.message = "\n".join(lines)
        self.refusals = tuple(refusals)


class UnsupportedChanges(Refusals, UnsupportedChange):
    """Several refused changes, all of them unsupported (none only lacks a backfill rule)."""


def run_handlers(handlers: Mapping[str, Callable[[Any, Iterable[Any]], None]], builder: Any,
                 grouped: Mapping[str, list[Any]]) -> None:
    """Run each handler over its kind's changes; a refused change does not stop the rest:
    the handler goes on with the changes after it, and every refusal is raised at the end in
    one error (:func:`refuse`)."""
    refusals: list[PlanError | UnsupportedChange] = []
    for kind, handler in handlers.items():
        pending = list(grouped.get(kind, []))
        while True:
            fed = [0]
            try:
                handler(builder, _counted(pending, fed))
                break
            except (PlanError, UnsupportedChange) as exc:
                refusals.append(exc)
                if fed[0] == 0 or fed[0] >= len(pending):
                    break
                pending = pending[fed[0]:]  # the changes after the refused one
    refuse(refusals)


def _counted(items: list[Any], fed: list[int]) -> Iterator[Any]:
    for item in items:
        fed[0] += 1
        yield item


def refuse(refusals: list[PlanError | UnsupportedChange]) -> None:
    """Raise nothing, the one refusal, or one error listing them all (and every missing
    backfill rule, ready to fill in)."""
    if len(refusals) <= 1:
        if refusals:
            raise refusals[0]
        return
    lines = [f"{len(refusals)} changes are not planned:"]
    lines += [f"  {exc}" for exc in refusals]
    missing = sorted({exc.column for exc in refusals if isinstance(exc, MissingBackfill)})
    if missing:
        lines.append(f"{len(missing)} backfill rule(s) missing; in [schemaparity.plan.backfill]"
                     " (or as --backfill, where a glob such as 'public.*.org_id=EXPR' gives "
                     "many at once; NULL for a table expected to be empty: the plan then stops "
                     "first if it has rows):")
        lines += [f'  "{column}" = "EXPR"' for column in missing]
    unsupported = all(isinstance(exc, UnsupportedChange) for exc in refusals)
    raise (UnsupportedChanges if unsupported else Refusals)(lines, refusals)


def order(steps: list[Step], reverse_needs: bool = False) -> list[Step]:
    """A stable topological order of ``steps`` (which belong to one phase).

    With ``reverse_needs`` (used for drops), a step that *needs* an object runs before the
    step that provides (i.e. drops) it: dependents go first. A drop that needs what another
    drop provides runs first in any phase, and never waits for what a create provides (it
    needed the old object, not the new one).
    """
    by_id = {s.id: s for s in steps}
    kinds: dict[str, tuple[str, str]] = {}
    parsed: dict[str, tuple[str, str]] = {}  # "phase.kind.action" -> (kind, action), once
    for s in steps:
        head = s.id.partition(":")[0]
        found = parsed.get(head)
        if found is None:
            found = parsed[head] = kind_and_action(head)
        kinds[s.id] = found
    drops = {i for i, (_kind, action) in kinds.items() if action in DROPS}
    providers: dict[str, list[str]] = {}
    for s in steps:
        for key in s.provides:
            providers.setdefault(key, []).append(s.id)
    graph: dict[str, set[str]] = {s.id: set() for s in steps}
    for s in steps:
        for dep in s.depends_on:
            if dep in by_id and dep != s.id:
                graph[s.id].add(dep)
        for key in s.needs:
            for p in providers.get(key, ()):
                if p == s.id:
                    continue
                if reverse_needs or (s.id in drops and p in drops):
                    graph[p].add(s.id)
                elif s.id not in drops:  # a drop never waits for the new object's creation
                    graph[s.id].add(p)
    _extension_edges(kinds, graph, drops)
    return [by_id[node] for node in _sorted_topologically(graph)]


def _sorted_topologically(graph: dict[str, set[str]]) -> list[str]:
    """The nodes of ``graph`` (node -> the nodes it waits for) in graphlib's order, ready
    batch after ready batch, each batch sorted: what ``TopologicalSorter`` gives when each
    ``get_ready()`` batch is sorted and done, without its bookkeeping per node (and its
    search for a cycle, run here only when there is one, to name it)."""
    waiting = {node: len(before) for node, before in graph.items()}
    successors: dict[str, list[str]] = {node: [] for node in graph}
    for node, before in graph.items():
        for b in before:
            successors[b].append(node)
    out: list[str] = []
    ready = sorted(node for node, count in waiting.items() if not count)
    while ready:
        out += ready
        freed = []
        for node in ready:
            for s in successors[node]:
                waiting[s] -= 1
                if not waiting[s]:
                    freed.append(s)
        ready = sorted(freed)
    if len(out) < len(graph):
        try:
            TopologicalSorter(graph).prepare()
        except CycleError as exc:
            cycle = " -> ".join(exc.args[1]) if len(exc.args) > 1 else "?"
            raise PlanError(f"dependency cycle between steps: {cycle}") from None
    return out


def _extension_edges(kinds: dict[str, tuple[str, str]], graph: dict[str, set[str]],
                     drops: set[str]) -> None:
    """What an extension holds (types, functions, operator classes) may be used by anything
    else: it is created before every other step of its phase and dropped after every other
    drop, schemas aside."""
    extensions = [(i, k) for i, k in kinds.items() if k[0] == "extension"]
    if not extensions:
        return
    others = [i for i, k in kinds.items() if k[0] not in ("extension", "schema")]
    for e, (kind, action) in extensions:
        if kind == "extension" and action == "create":
            for i in others:
                graph[i].add(e)
        elif kind == "extension" and action in DROPS:
            graph[e].update(i for i in others if i in drops)
