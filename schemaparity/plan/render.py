"""Plan -> reviewable SQL (and JSON): header, phases as sections, one comment block a step.

The transactions are the plan's transaction groups (:mod:`schemaparity.plan.groups`): a step
that blocks writers commits alone, steps that let writes go on share one BEGIN/COMMIT, a step
that must run outside a transaction (CREATE INDEX CONCURRENTLY, a batched backfill that
commits, ADD VALUE) stands alone and is marked. The SQL file, the JSON (each step's
``group``) and ``--split`` (one file per group, the single file's text) cut the same way.
Every transaction and every step outside one starts with the lock and statement timeouts.
The bytes depend only on the plan.

Names, labels and messages reach the comment lines only through the ``comment`` filter
(templates ``plan/header`` and ``plan/step``), so no name can end a comment and smuggle SQL
or a psql meta-command into the plan; the JSON escapes every line break; ``--split`` file
names are made of the step id's letters and digits only.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from schemaparity.offload import Offloaded
from schemaparity.plan.groups import Group, blocks_writers, group_of, groups
from schemaparity.plan.sqlgen import comment_text, sql
from schemaparity.plan.steps import Phase, Plan, Step

JSON_FORMAT_VERSION = 1


@dataclass(frozen=True)
class Rendered:
    """A rendered plan and where each step sits in it.

    ``lines`` holds ``(first, last, step id)`` a step: from its ``-- step`` header to the line
    before the next step's header (or the end), so an error on the COMMIT closing a
    transaction names the step that ran last. :func:`read` gives the same spans for the text
    of a plan file.
    """

    text: str
    lines: tuple[tuple[int, int, str], ...]

    def step_at(self, line: int) -> str | None:
        """The id of the step whose block holds ``line`` (1-based), None before the first."""
        for first, last, step_id in self.lines:
            if first <= line <= last:
                return step_id
        return None

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(step_id for _first, _last, step_id in self.lines)


STEP_HEADER = "-- step "


def _spans(starts: list[tuple[int, str]], total: int) -> tuple[tuple[int, int, str], ...]:
    ends = [first - 1 for first, _id in starts[1:]] + [total] if starts else []
    return tuple((first, end, step_id) for (first, step_id), end in zip(starts, ends, strict=True))


def read(text: str) -> Rendered:
    """The :class:`Rendered` of a plan file's text (the inverse of :func:`to_sql`)."""
    rows = text.split("\n")
    # not stripped: a step id may end in a space (a name may); a CRLF file's \r goes
    starts = [(n, row[len(STEP_HEADER):].removesuffix("\r")) for n, row in enumerate(rows, 1)
              if row.startswith(STEP_HEADER)]
    return Rendered(text, _spans(starts, len(rows)))


def _timeouts(plan: Plan, local: bool = False) -> str:
    return _settings(plan.lock_timeout, plan.statement_timeout, local)


@cache
def _settings(lock_timeout: str, statement_timeout: str, local: bool) -> str:
    """The timeouts' SET lines, rendered once (every group and lone step repeats them)."""
    return sql("settings", lock_timeout=lock_timeout, statement_timeout=statement_timeout,
               local=local)


_END = "\x00"  # ends each block of plan/step; |comment escapes it, so no name holds it


def step_rows(steps: tuple[Step, ...]) -> list[tuple[Any, ...]]:
    """What template ``plan/step`` shows of each step: (id, key, lock, whether it runs
    outside a transaction, its (hazard, message) pairs)."""
    return [(s.id, s.key, s.lock, not s.transactional,
             [(h.hazard.value, h.message) for h in s.hazards] if s.hazards else ())
            for s in steps]


def _comment_blocks(steps: tuple[Step, ...]) -> list[str]:
    """The comment lines above each step, in one render."""
    text = sql("plan/step", steps=step_rows(steps), end=_END)
    return [block.strip("\n") for block in text.split(_END)[:len(steps)]]


class _Blocks:
    """The comment block of each step (:func:`_comment_blocks`), asked for in plan order:
    rendered :data:`BLOCKS_AT_ONCE` steps at a time as the walk reaches them. (All of them
    at once, ~50,000 blocks a half at 10,000 tables, made and dropped 25,000 pages of
    memory: as many page faults, 0.1 s.)"""

    def __init__(self, steps: tuple[Step, ...]) -> None:
        self._steps = steps
        self._done = 0  # steps rendered so far
        self._ready: dict[str, str] = {}

    def __getitem__(self, step_id: str) -> str:
        block = self._ready.pop(step_id, None)
        while block is None:
            if self._done >= len(self._steps):
                raise KeyError(step_id)
            chunk = self._steps[self._done:self._done + BLOCKS_AT_ONCE]
            self._done += len(chunk)
            self._ready = dict(zip((s.id for s in chunk), _comment_blocks(chunk), strict=True))
            block = self._ready.pop(step_id, None)
        return block


BLOCKS_AT_ONCE = 1000


def _header(plan: Plan) -> str:
    # counted by the enum member, named once each (its ``value`` is a property lookup)
    counts = Counter([h.hazard for s in plan.steps if s.hazards for h in s.hazards])
    return sql("plan/header", plan=plan, counts=sorted((h.value, n) for h, n in counts.items()))


def _group_lines(group: Group, blocks: _Blocks, sets: tuple[str, str], out: list[str],
                 heads: list[tuple[int, str]] | None = None) -> None:
    """Append the text of one transaction group to ``out`` as pieces, each one or more whole
    lines (joined by newlines they make the group's text); ``sets``: the plan's timeouts
    inside a transaction and alone (:func:`_sets`); with ``heads``, the index in ``out``
    and the id of each piece that starts with a step's header."""
    emit = out.append
    if group.transactional:
        emit("BEGIN;")
        emit(sets[0])
        for step in group.steps:
            emit("")
            if heads is not None:
                heads.append((len(out), step.id))
            emit(blocks[step.id])
            emit(step.sql)
        emit("COMMIT;")
        return
    for n, step in enumerate(group.steps):
        if n:
            emit("")
        if heads is not None:
            heads.append((len(out), step.id))
        emit(blocks[step.id])
        emit(sets[1])
        emit(step.sql)


def _sets(plan: Plan) -> tuple[str, str]:
    """The timeouts' SET lines inside a transaction and for a step alone."""
    return _timeouts(plan, local=True), _timeouts(plan)


def to_sql(plan: Plan) -> Rendered:
    heads: list[tuple[int, str]] = []  # indexes among the pieces after the header
    pieces = [_header(plan)]
    for run in _runs(plan, plan.steps, _titles(plan.steps), heads):
        pieces += run
    starts: list[tuple[int, str]] = []
    total = 0  # lines in ``pieces`` so far
    at = iter(heads)
    head, step_id = next(at, (-2, ""))
    for n, text in enumerate(pieces):
        if n == head + 1:
            starts.append((total + 1, comment_text(step_id)))
            head, step_id = next(at, (-2, ""))
        total += text.count("\n") + 1
    return Rendered("\n".join(pieces) + "\n", _spans(starts, total + 1))


PARALLEL_FROM = 10_000  # steps: a plan this big is rendered in two halves at once


def sql_text(plan: Plan) -> Iterator[str]:
    """``to_sql(plan).text`` in pieces, for writing a plan out without holding its whole text
    (at 100,000 steps the text and its copy on the way out are 120 MB).

    A plan of :data:`PARALLEL_FROM` steps or more is rendered in two halves at once, cut
    before a step that starts a transaction group of its own: the second half in a forked
    child (:class:`schemaparity.offload.Offloaded`) while this process renders the first.
    The bytes are the same as the text rendered in one go (the child's, or, where no child
    can be forked or it fails, this process's own)."""
    steps = plan.steps
    cut = _cut(steps) if len(steps) >= PARALLEL_FROM else len(steps)
    titles = _titles(steps)
    # made before the fork: it reads every step, and a step read after it is a page copied
    header = _header(plan) + "\n"
    with Offloaded(lambda: _text(plan, steps[cut:], titles)
                   ) if cut < len(steps) else contextlib.nullcontext() as second:
        yield header
        yield from _text(plan, steps[:cut], titles)
        if second is not None:
            yield from second.chunks()


def _cut(steps: tuple[Step, ...]) -> int:
    """Where to cut the steps in two, near the middle: before a step that starts a
    transaction group whatever came before it (the first of a phase, one that runs outside
    a transaction or blocks writers: :func:`groups`), so each half's groups are the plan's."""
    for n in range(len(steps) // 2, len(steps)):
        step = steps[n]
        if (step.phase != steps[n - 1].phase or not step.transactional
                or blocks_writers(step)):
            return n
    return len(steps)


def _titles(steps: tuple[Step, ...]) -> dict[str, str]:
    """The id of each phase's first step -> the phase's title line."""
    counts = Counter([s.phase for s in steps])
    firsts: dict[Phase, str] = {}
    for step in steps:
        if step.phase not in firsts:
            firsts[step.phase] = step.id
            if len(firsts) == len(counts):
                break
    return {step_id: f"-- ==== phase {phase.value}: {phase.title} ({counts[phase]} steps) ===="
            for phase, step_id in firsts.items()}


def _text(plan: Plan, steps: tuple[Step, ...], titles: dict[str, str]) -> Iterator[str]:
    """:func:`_runs` as text, a run at a time."""
    for run in _runs(plan, steps, titles):
        yield "\n".join(run) + "\n"


def _runs(plan: Plan, steps: tuple[Step, ...], titles: dict[str, str],
          heads: list[tuple[int, str]] | None = None) -> Iterator[list[str]]:
    """The lines of consecutive steps of the plan that begin a transaction group, as runs of
    pieces, each piece one or more whole lines (the pieces joined by newlines, with one at
    the end, are their text), each phase's title (:func:`_titles`) before its first group.
    With ``heads``, the index among this call's pieces and the id of each step's header."""
    blocks = _Blocks(steps)
    sets = _sets(plan)
    run: list[str] = []
    mark: list[tuple[int, str]] | None = None if heads is None else []
    done = 0  # pieces in the runs yielded so far
    for group in groups(steps):
        title = titles.get(group.steps[0].id)
        if title is not None:
            run += ("", title)
        run.append("")
        _group_lines(group, blocks, sets, run, mark)
        if len(run) >= 4000:
            if heads is not None and mark is not None:
                heads.extend((done + i, step_id) for i, step_id in mark)
                mark = []
            done += len(run)
            yield run
            run = []
    if run:
        if heads is not None and mark is not None:
            heads.extend((done + i, step_id) for i, step_id in mark)
        yield run


def to_dict(plan: Plan) -> dict[str, Any]:
    numbers = group_of(plan.steps)
    return {
        "format_version": JSON_FORMAT_VERSION,
        "source": plan.source, "target": plan.target,
        "source_fingerprint": plan.source_fingerprint,
        "target_fingerprint": plan.target_fingerprint,
        "lock_timeout": plan.lock_timeout, "statement_timeout": plan.statement_timeout,
        "steps": [{
            "id": s.id, "phase": s.phase.title, "key": s.key, "sql": s.sql,
            "transactional": s.transactional, "lock": s.lock, "group": numbers[s.id],
            "depends_on": list(s.depends_on),
            "hazards": [{"hazard": h.hazard.value, "message": h.message} for h in s.hazards],
        } for s in plan.steps],
    }


# valid in a JSON string as themselves, but line breaks or terminal controls to the tools and
# people who read the file: written as \u escapes (json.dumps escapes only U+0000-U+001F)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def to_json(plan: Plan) -> str:
    text = json.dumps(to_dict(plan), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return _JSON_UNSAFE.sub(lambda c: f"\\u{ord(c.group()):04x}", text)


def _file_part(step_id: str) -> str:
    """A step id as part of one file name: letters, digits and ``._-`` (no ``/``, so it stays
    in the directory; ``..`` is harmless after the ``NNNN-`` prefix), at most 80 characters
    and 160 bytes."""
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in step_id)[:80]
    while len(safe.encode()) > 160:
        safe = safe[:-1]
    return safe


def split(plan: Plan, directory: Path) -> list[Path]:
    """One numbered file per transaction group, named for its first step
    (0001-1.schema.create_app.sql, ...), holding exactly the group's text in the single file:
    the files commit where the single file commits."""
    from schemaparity.files import write_output

    directory.mkdir(parents=True, exist_ok=True)
    out = []
    blocks = dict(zip((s.id for s in plan.steps), _comment_blocks(plan.steps), strict=True))
    sets = _sets(plan)
    for group in groups(plan.steps):
        path = directory / f"{group.number:04d}-{_file_part(group.steps[0].id)}.sql"
        lines: list[str] = []
        _group_lines(group, blocks, sets, lines)
        text = "\n".join(lines) + "\n"
        write_output(path, text)
        out.append(path)
    return out


def refusal(problems: list[tuple[Step, Any]]) -> str:
    lines = [f"plan refused: {len(problems)} hazard(s) not allowed "
             "(allow with --allow-hazards NAME[,NAME] or 'all'):"]
    for step, h in problems:
        lines.append(f"  {h.hazard.value:<24} {comment_text(step.id)}: "
                     f"{comment_text(h.message)}")
    return "\n".join(lines)

