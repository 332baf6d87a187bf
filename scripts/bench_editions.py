"""``scripts/bench editions``: every table differs (an OSS and an EE edition, see
``gen_editions.py``), beside the drift scenario of ``scripts/bench diff`` / ``plan``.

For each size the two editions are loaded into two databases on one scratch server and
dumped; then, interleaved (one run of each command in turn, ``--repeat`` times; medians),
each as its own process: dump-to-dump ``diff``, live-to-live ``diff`` (migra on the same pair
when installed), ``plan`` OSS -> EE and EE -> OSS from the dumps, ``check`` of the two dumps,
and ``diff oss.sql ee.sql`` re-run on unchanged files (the dumps cached; up to 2,000 tables).
Start-up (``--version``, ``--help``) is timed once per run. The exponent between two sizes is
``log(t2 / t1) / log(n2 / n1)`` (1.0: linear).
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench_common import Measurement, loaded_database, measure, scratch_server
from bench_diffplan import MIGRA_HINT, MIGRA_RUN, _url, _with_helper, cli, find_migra
from gen_editions import generate

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"
BACKFILL = "*.*.tenant_id=gen_random_uuid()"
CHECK = """\
[schemaparity.sources]
oss = "{oss}"
ee = "{ee}"

[[schemaparity.checks]]
name = "editions"
left = "oss"
right = "ee"
relation = "equal"

[[schemaparity.checks.expect]]
reason = "the tenant column is EE only"
absent_left = ["*.tenant_id"]

[[schemaparity.checks.expect]]
reason = "EE-only tables"
only_right = ["table:ee.*", "table:core.tenants"]
"""
RERUN_UP_TO = 2000  # the cached .sql re-run: loading 10,000 tables twice takes too long


def median(runs: list[Measurement]) -> Measurement:
    """The median wall and CPU times, with the largest peak RSS of the runs (cautious)."""
    return Measurement(statistics.median(r.seconds for r in runs),
                       max(r.peak_rss_kb for r in runs),
                       statistics.median(r.cpu_seconds for r in runs), runs[0].output_bytes)


def _editions(server, size: int, keep: bool):  # type: ignore[no-untyped-def]
    """Both editions as .sql files, loaded databases and JSON dumps."""
    WORK.mkdir(exist_ok=True)
    out = {}
    for edition in ("oss", "ee"):
        sql = WORK / f"editions_{edition}_{size}.sql"
        if not sql.exists():
            with sql.open("w") as fh:
                fh.writelines(generate(size, edition))
        _db, dsn, took = loaded_database(server, sql, keep)
        print(f"  {edition} ({size} tables): " + (
            "kept database reused" if took is None else f"loaded in {took:.1f} s"), flush=True)
        dump = WORK / f"editions_{edition}_{size}.json"
        measure(cli("dump", dsn, "-o", str(dump)), dump)
        out[edition] = (sql, dsn, dump)
    return out


def _commands(ed: dict, work: Path, migra: str | None, size: int) -> dict[str, list[str]]:
    (oss_sql, oss_dsn, oss), (ee_sql, ee_dsn, ee) = ed["oss"], ed["ee"]
    cfg = work / f"check_{size}.toml"
    cfg.write_text(CHECK.format(oss=oss, ee=ee))
    o = str(work / "out")
    cmds = {
        "diff dumps": cli("diff", str(oss), str(ee), "-o", o),
        "diff live": cli("-v", "diff", oss_dsn, ee_dsn, "-o", o),
        "plan oss->ee": cli("plan", str(oss), str(ee), "--allow-hazards", "all",
                            "--backfill", BACKFILL, "-o", o),
        "plan ee->oss": cli("plan", str(ee), str(oss), "--allow-hazards", "all", "-o", o),
        "check": cli("check", "-c", str(cfg), "-o", o),
    }
    if migra:
        cmds["migra live"] = [sys.executable, "-c", MIGRA_RUN, migra, "--unsafe",
                              _url(oss_dsn), _url(ee_dsn)]
    if size <= RERUN_UP_TO:
        cmds["diff .sql re-run"] = cli("diff", str(oss_sql), str(ee_sql), "-o", o)
    return cmds


def _run_size(server, size: int, repeat: int, keep: bool,  # type: ignore[no-untyped-def]
              migra: str | None, work: Path) -> dict[str, Measurement]:
    ed = _editions(server, size, keep)
    cmds = _commands(ed, work, migra, size)
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    if "diff .sql re-run" in cmds:  # the first run loads both files and fills the cache
        measure(cmds["diff .sql re-run"], env=env)
    runs: dict[str, list[Measurement]] = {name: [] for name in cmds}
    for _ in range(repeat):  # interleaved, so that a slow minute hits all alike
        for name, cmd in cmds.items():
            m = measure(cmd, env=env)
            runs[name].append(_with_helper(m) if name == "diff live" else m)
    return {name: median(ms) for name, ms in runs.items()}


def _startup(repeat: int) -> dict[str, Measurement]:
    exe = str(Path(sys.executable).parent / "schemaparity")
    return {flag: median([measure([exe, flag]) for _ in range(max(repeat, 3))])
            for flag in ("--version", "--help")}


def fmt(m: Measurement) -> str:
    """Wall seconds, CPU seconds of the client process (steadier on a busy machine), MB."""
    return f"{m.seconds:6.2f} s {m.cpu_seconds:6.2f} cpu {m.peak_rss_mb:5.0f} MB"


def _table(rows: dict[int, dict[str, Measurement]]) -> None:
    names = list(next(iter(rows.values())))
    sizes = sorted(rows)
    print(f"\n{'command':<18}" + "".join(f"{n:>30}" for n in sizes) + "   exponent")
    for name in names:
        cells = [rows[n].get(name) for n in sizes]
        text = "".join(f"{fmt(c) if c else '-':>30}" for c in cells)
        pairs = list(zip(sizes, cells, strict=True))
        exps = [f"{math.log(b.seconds / a.seconds) / math.log(n2 / n1):.2f}"
                for (n1, a), (n2, b) in zip(pairs, pairs[1:], strict=False) if a and b]
        print(f"{name:<18}{text}   {' / '.join(exps)}")
    live = {n: (r.get("diff live"), r.get("migra live")) for n, r in rows.items()}
    for n, (ours, theirs) in live.items():
        if ours and theirs:
            print(f"{n} tables: live diff {theirs.seconds / ours.seconds:.1f}x faster than migra, "
                  f"{ours.peak_rss_mb / theirs.peak_rss_mb:.2f} of its memory")


def bench_editions(sizes: list[int], backend: str, repeat: int, keep: bool = False,
                   migra: str | None = None) -> int:
    migra = find_migra(migra)
    with tempfile.TemporaryDirectory(prefix="sp-bench-editions-") as tmp, \
            scratch_server(backend) as server:
        print(f"server: {server.describe()}")
        print(f"migra: {migra}" if migra else f"migra: not installed ({MIGRA_HINT})")
        rows = {}
        for size in sizes:
            rows[size] = _run_size(server, size, repeat, keep, migra, Path(tmp))
            _table(rows)  # so far: a long run shows its first sizes early
    _table(rows)
    print("\nstart-up: " + ", ".join(f"{flag} {m.seconds:.3f} s"
                                     for flag, m in _startup(repeat).items()))
    print("times: medians of the runs; MB: the largest peak RSS")
    return 0
