"""Work offloaded to a forked child (``schemaparity.offload``) and what uses it: the same
bytes from the child or, when it fails, from this process; no child left behind, none of
this process's exit work done twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemaparity import dumpfile, dumppair, offload
from schemaparity.offload import Offloaded
from schemaparity.plan import PlanOptions, build, render

ROOT = Path(__file__).resolve().parent.parent
OSS, EE = ROOT / "dumps" / "agent_platform_oss.json", ROOT / "dumps" / "agent_platform_cloud.json"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this system")


@pytest.fixture()
def forks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The pids of the children forked during the test; each one reaped by its end. A
    thread some earlier test left running would make every offload run here instead: say
    which."""
    deadline = time.monotonic() + 10
    while not offload.can_fork() and time.monotonic() < deadline:
        time.sleep(0.05)
    others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    assert offload.can_fork(), f"threads still running: {others}"
    pids: list[int] = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recorded)
    yield pids
    for pid in pids:  # reaped: this process has no such child any more
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_the_work_runs_in_a_child_and_its_bytes_come_back(forks: list[int]) -> None:
    here = os.getpid()
    with Offloaded(lambda: f"pid {os.getpid()} ✓".encode()) as child:
        text = "".join(child.chunks())
    assert text.startswith("pid ") and text.endswith(" ✓")
    assert int(text.split()[1]) != here and [int(text.split()[1])] == forks


def test_a_child_that_fails_or_is_killed_gives_way_to_this_process(forks: list[int]) -> None:
    here = os.getpid()

    def fails() -> bytes:
        if os.getpid() != here:
            raise RuntimeError("only in the child")
        return b"done here"

    def killed() -> bytes:
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return b"done here too"

    with Offloaded(fails) as child:
        assert "".join(child.chunks()) == "done here"
    with Offloaded(killed) as child:
        assert "".join(child.chunks()) == "done here too"
    assert len(forks) == 2


def test_closing_early_kills_and_reaps_a_child_still_at_work(forks: list[int]) -> None:
    here = os.getpid()

    def slow() -> bytes:
        if os.getpid() != here:
            time.sleep(60)
        return b"never asked"

    started = time.monotonic()
    with Offloaded(slow):
        pass
    assert time.monotonic() - started < 10 and len(forks) == 1


def test_no_child_while_another_thread_runs() -> None:
    here = os.getpid()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not offload.can_fork()
        with Offloaded(lambda: str(os.getpid()).encode()) as child:
            assert "".join(child.chunks()) == str(here)
    finally:
        stop.set()
        other.join()


def test_text_cut_inside_a_character_comes_back_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offload, "CHUNK", 3)
    text = "naïve ✓ — 𝔘𝔫𝔦 €\n" * 7
    with Offloaded(lambda: text.encode("utf-8")) as child:
        assert "".join(child.chunks()) == text


CHILD_EXIT = """\
import atexit, sys
from schemaparity.offload import Offloaded
atexit.register(lambda: print("exit handler ran"))
sys.stdout.write("buffered before the fork; ")
with Offloaded(lambda: b"the child's bytes") as child:
    print("".join(child.chunks()))
"""


def test_the_child_runs_no_exit_handler_and_flushes_nothing_it_inherited() -> None:
    proc = subprocess.run([sys.executable, "-c", CHILD_EXIT], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "buffered before the fork; the child's bytes\nexit handler ran\n"


@pytest.fixture(scope="module")
def plan() -> render.Plan:
    return build(dumpfile.load(OSS), dumpfile.load(EE), PlanOptions(backfill={"*.*.*": "NULL"}))


def test_a_plan_rendered_in_two_halves_is_the_plan_rendered_in_one(
        plan: render.Plan, monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    """Every cut the renderer may choose (before a step that starts a transaction group)
    gives the same bytes as the whole text; a cut anywhere else is never chosen."""
    whole = render.to_sql(plan).text
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    assert "".join(render.sql_text(plan)) == whole  # the renderer's own cut
    starts = {g.steps[0].id for g in render.groups(plan.steps)}
    cuts = [n for n in range(1, len(plan.steps)) if plan.steps[n].id in starts]
    assert len(cuts) > 10
    for n in cuts:
        monkeypatch.setattr(render, "_cut", lambda _steps, n=n: n)
        assert "".join(render.sql_text(plan)) == whole, n
    chosen = render._cut(plan.steps)  # noqa: SLF001 - the rule itself
    assert plan.steps[chosen].id in starts and chosen >= len(plan.steps) // 2
    assert len(forks) == len(cuts) + 1


def test_a_pair_hashed_by_a_child_is_the_pair_hashed_here(
        monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    here = dumppair.load_plan_pair(OSS, EE)
    assert not forks  # two small dumps: hashed here
    monkeypatch.setattr(dumppair, "OFFLOAD_FROM", 0)
    there = dumppair.load_plan_pair(OSS, EE)
    assert here is not None and there is not None
    assert there[2] == here[2] and len(here[2][0]) == 16
    assert dumpfile.to_json(there[0]) == dumpfile.to_json(here[0])
    assert dumpfile.to_json(there[1]) == dumpfile.to_json(here[1])
    assert len(forks) == 1


def test_a_child_someone_else_reaped_gives_way_to_this_process(forks: list[int]) -> None:
    """A SIGCHLD handler elsewhere may reap the child first: its bytes cannot be trusted."""
    here = os.getpid()
    with Offloaded(lambda: b"child" if os.getpid() != here else b"here") as child:
        os.waitpid(forks[0], 0)
        assert "".join(child.chunks()) == "here"
