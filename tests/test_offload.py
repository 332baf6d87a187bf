"""Work offloaded to a forked child (``schemaparity.offload``) and what uses it: the same
bytes from the child or, when it fails, from this process; no child left behind, none of
this process's exit work done twice."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from schemaparity import offload
from schemaparity.offload import Offloaded

ROOT = Path(__file__).resolve().parent.parent
OSS, EE = ROOT / "dumps" / "agent_platform_oss.json", ROOT / "dumps" / "agent_platform_cloud.json"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this system")


# A child is forked only where no other thread runs; this test session's scratch servers keep
# asyncio threads alive (the embedded server's process watcher), so every test that needs a
# fork runs in an interpreter of its own, which records the children it forks and checks at
# the end that each was reaped.
PRELUDE = """\
import os, signal, sys, time
from schemaparity import offload
from schemaparity.offload import Offloaded
assert offload.can_fork(), "a fresh interpreter runs one thread"
forks = []
_fork = os.fork
def _recorded():
    pid = _fork()
    if pid:
        forks.append(pid)
    return pid
os.fork = _recorded
here = os.getpid()
"""
EPILOGUE = """
for pid in forks:  # reaped: this process has no such child any more
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        continue
    raise AssertionError(f"child {pid} was left")
print("ok", len(forks))
"""


def isolated(body: str) -> int:
    """Run ``body`` after PRELUDE in a fresh interpreter; the number of children it forked."""
    code = PRELUDE + textwrap.dedent(body) + EPILOGUE
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    words = proc.stdout.split()
    assert proc.returncode == 0 and words[-2:-1] == ["ok"], proc.stderr
    return int(words[-1])


def test_the_work_runs_in_a_child_and_its_bytes_come_back() -> None:
    assert isolated("""
        with Offloaded(lambda: ["pid ", str(os.getpid()), " ✓"]) as child:
            text = "".join(child.chunks())
        assert text.startswith("pid ") and text.endswith(" ✓"), text
        assert int(text.split()[1]) != here and [int(text.split()[1])] == forks
    """) == 1


def test_a_child_that_fails_or_is_killed_gives_way_to_this_process() -> None:
    assert isolated("""
        def fails():
            if os.getpid() != here:
                raise RuntimeError("only in the child")
            return ["done ", "here"]

        def killed():
            if os.getpid() != here:
                os.kill(os.getpid(), signal.SIGKILL)
            return ["done here too"]

        with Offloaded(fails) as child:
            assert "".join(child.chunks()) == "done here"
        with Offloaded(killed) as child:
            assert "".join(child.chunks()) == "done here too"
    """) == 2


def test_a_child_that_fails_half_way_leaves_no_piece_behind() -> None:
    """The child writes its pieces as they come: one that fails after writing some gives
    way to this process, whose text is whole, never the child's first pieces twice."""
    assert isolated("""
        def pieces():
            for n in range(1000):
                yield f"{n} "
                if n == 500 and os.getpid() != here:
                    raise RuntimeError("only in the child")

        with Offloaded(pieces) as child:
            assert "".join(child.chunks()) == "".join(f"{n} " for n in range(1000))
    """) == 1


def test_pieces_come_back_in_order() -> None:
    assert isolated("""
        offload.CHUNK = 7
        with Offloaded(lambda: (f"{n}✓" for n in range(10000))) as child:
            assert "".join(child.chunks()) == "".join(f"{n}✓" for n in range(10000))
    """) == 1


def test_closing_early_kills_and_reaps_a_child_still_at_work() -> None:
    assert isolated("""
        def slow():
            if os.getpid() != here:
                time.sleep(60)
            return ["never asked"]

        started = time.monotonic()
        with Offloaded(slow):
            pass
        assert time.monotonic() - started < 10
    """) == 1


def test_a_child_someone_else_reaped_gives_way_to_this_process() -> None:
    """A SIGCHLD handler elsewhere may reap the child first: its bytes cannot be trusted."""
    assert isolated("""
        with Offloaded(lambda: ["child"] if os.getpid() != here else ["here"]) as child:
            os.waitpid(forks[0], 0)
            assert "".join(child.chunks()) == "here"
    """) == 1


def test_a_plan_rendered_in_two_halves_is_the_plan_rendered_in_one() -> None:
    """Every cut the renderer may choose (before a step that starts a transaction group)
    gives the same bytes as the whole text; the renderer's own cut is one of them."""
    cuts = isolated(f"""
        from schemaparity import dumpfile
        from schemaparity.plan import PlanOptions, build, render
        plan = build(dumpfile.load({str(OSS)!r}), dumpfile.load({str(EE)!r}),
                     PlanOptions(backfill={{"*.*.*": "NULL"}}))
        whole = render.to_sql(plan).text
        render.PARALLEL_FROM = 1
        assert "".join(render.sql_text(plan)) == whole  # the renderer's own cut
        chosen = render._cut(plan.steps)
        starts = {{g.steps[0].id for g in render.groups(plan.steps)}}
        assert plan.steps[chosen].id in starts and chosen >= len(plan.steps) // 2
        cuts = [n for n in range(1, len(plan.steps)) if plan.steps[n].id in starts]
        assert len(cuts) > 10
        for n in cuts:
            render._cut = lambda _steps, n=n: n
            assert "".join(render.sql_text(plan)) == whole, n
        inside = [n for n in range(1, len(plan.steps)) if plan.steps[n].id not in starts]
        for n in inside[:: max(1, len(inside) // 8)]:  # a cut inside a group would show
            render._cut = lambda _steps, n=n: n
            assert "".join(render.sql_text(plan)) != whole, n
    """)
    assert cuts > 10


def test_a_pair_hashed_by_a_child_is_the_pair_hashed_here() -> None:
    assert isolated(f"""
        from schemaparity import dumpfile, dumppair
        here_pair = dumppair.load_plan_pair({str(OSS)!r}, {str(EE)!r})
        assert not forks  # two small dumps: hashed here
        dumppair.OFFLOAD_FROM = 0
        there = dumppair.load_plan_pair({str(OSS)!r}, {str(EE)!r})
        assert here_pair is not None and there is not None
        assert there[2] == here_pair[2] and len(here_pair[2][0]) == 16
        assert dumpfile.to_json(there[0]) == dumpfile.to_json(here_pair[0])
        assert dumpfile.to_json(there[1]) == dumpfile.to_json(here_pair[1])
    """) == 1


def test_no_child_while_another_thread_runs() -> None:
    here = os.getpid()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not offload.can_fork()
        with Offloaded(lambda: [str(os.getpid())]) as child:
            assert "".join(child.chunks()) == str(here)
    finally:
        stop.set()
        other.join()


def test_text_cut_inside_a_character_comes_back_whole() -> None:
    assert isolated("""
        offload.CHUNK = 3
        text = "naïve ✓ — 𝔘𝔫𝔦 €\\n" * 7
        with Offloaded(lambda: [text]) as child:
            assert "".join(child.chunks()) == text
    """) == 1


CHILD_EXIT = """\
import atexit, sys
from schemaparity import offload
from schemaparity.offload import Offloaded
assert offload.can_fork()
atexit.register(lambda: print("exit handler ran"))
sys.stdout.write("buffered before the fork; ")
with Offloaded(lambda: ["the child's ", "bytes"]) as child:
    print("".join(child.chunks()))
"""


def test_the_child_runs_no_exit_handler_and_flushes_nothing_it_inherited() -> None:
    proc = subprocess.run([sys.executable, "-c", CHILD_EXIT], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "buffered before the fork; the child's bytes\nexit handler ran\n"
