"""``scripts/bench dump``: schemaparity dump against ``pg_dump --schema-only``, same database.

For each size: generate the synthetic schema (``gen_schema.py``), load it into a fresh database
on one scratch server (timed, but not part of the comparison), then run, each as its own
measured process and ``--repeat`` times:

* ``pg_dump --schema-only -d DSN -f schema.sql`` (the server's own pg_dump);
* ``schemaparity dump DSN -o dump.json`` (canonical JSON written);
* ``schemaparity dump DSN -o dump.txt`` (the text format).

A row shows the fastest run's wall time and the largest peak RSS. The goal (from the issue): at
10,000 tables the JSON dump is faster than pg_dump and stays under 400 MB.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bench_common import (
    Measurement,
    best,
    client_tool,
    count_tables_columns,
    gnu_time,
    loaded_database,
    measure,
    scratch_server,
)
from gen_schema import generate

from schemaparity.scratch import ScratchServer

GOAL_TABLES = 10_000
GOAL_RSS_MB = 400.0


@dataclass(frozen=True)
class DumpRow:
    size: int
    tables: int
    columns: int
    generate_s: float
    load_s: float
    json: Measurement
    text: Measurement
    pg_dump: Measurement

    @property
    def time_ratio(self) -> float:
        return self.json.seconds / self.pg_dump.seconds

    @property
    def rss_ratio(self) -> float:
        return self.json.peak_rss_kb / self.pg_dump.peak_rss_kb

    def meets_goal(self) -> bool:
        return self.json.seconds < self.pg_dump.seconds and self.json.peak_rss_mb < GOAL_RSS_MB


HEADER = ("size", "tables", "columns", "load s", "json s", "json MB", "text s", "text MB",
          "pg_dump s", "pg_dump MB", "time ratio", "mem ratio")
WIDTHS = (6, 7, 8, 7, 7, 8, 7, 8, 9, 10, 10, 9)


def _fmt_row(cells: Sequence[str]) -> str:
    return "  ".join(c.rjust(w) for c, w in zip(cells, WIDTHS, strict=True))


def format_row(r: DumpRow) -> str:
    return _fmt_row((
        f"{r.size:,}", f"{r.tables:,}", f"{r.columns:,}",
        "kept" if r.load_s < 0 else f"{r.load_s:.1f}",
        f"{r.json.seconds:.2f}", f"{r.json.peak_rss_mb:.0f}",
        f"{r.text.seconds:.2f}", f"{r.text.peak_rss_mb:.0f}",
        f"{r.pg_dump.seconds:.2f}", f"{r.pg_dump.peak_rss_mb:.0f}",
        f"{r.time_ratio:.2f}x", f"{r.rss_ratio:.2f}x",
    ))


def schemaparity_cmd(command: str | None = None) -> list[str]:
    """``command`` split like a shell would, else the console script next to this interpreter
    (what users run), else ``python -m schemaparity``."""
    if command:
        return shlex.split(command)
    script = Path(sys.executable).parent / "schemaparity"
    return [str(script)] if script.exists() else [sys.executable, "-m", "schemaparity"]


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_dump(
    sizes: Sequence[int],
    backend: str = "local",
    pg_bin: str | None = None,
    seed: int = 1,
    repeat: int = 1,
    workdir: Path = Path(".bench"),
    schemaparity: str | None = None,
    emit: Callable[[str], None] = print,
    keep: bool = False,
) -> list[DumpRow]:
    """Run the dump benchmark for each size on one scratch server; prints rows as they come."""
    workdir.mkdir(parents=True, exist_ok=True)
    rows: list[DumpRow] = []
    with scratch_server(backend, pg_bin) as server:
        pg_dump = client_tool(server, "pg_dump")
        timer = gnu_time() or "python wrapper (RUSAGE_CHILDREN)"
        emit(f"server: {server.describe()}  pg_dump: {pg_dump}  peak RSS via: {timer}")
        emit(f"schemaparity: {shlex.join(schemaparity_cmd(schemaparity))}")
        emit(f"seed {seed}, best of {repeat}; MB = peak RSS of the client process (MiB); "
             f"{_load()}")
        emit("")
        emit(_fmt_row(HEADER))
        for size in sizes:
            rows.append(_one_size(server, pg_dump, schemaparity_cmd(schemaparity), size, seed,
                                  repeat, workdir, keep))
            emit(format_row(rows[-1]))
    emit("")
    for r in rows:
        emit(f"{r.size:,} tables: files json {_mb(r.json.output_bytes)} MB, text "
             f"{_mb(r.text.output_bytes)} MB, pg_dump {_mb(r.pg_dump.output_bytes)} MB; "
             f"client CPU json {r.json.cpu_seconds:.2f} s, text {r.text.cpu_seconds:.2f} s, "
             f"pg_dump {r.pg_dump.cpu_seconds:.2f} s; generate {r.generate_s:.1f} s")
    emit(f"after the runs: {_load()}")
    goal = next((r for r in rows if r.size == GOAL_TABLES), None)
    if goal is not None:
        verdict = "MET" if goal.meets_goal() else "NOT MET"
        emit(f"goal at {GOAL_TABLES:,} tables (json faster than pg_dump, under "
             f"{GOAL_RSS_MB:.0f} MB): {verdict} ({goal.json.seconds:.2f} s vs "
             f"{goal.pg_dump.seconds:.2f} s, {goal.json.peak_rss_mb:.0f} MB)")
    return rows


def _mb(n: int | None) -> str:
    return "?" if n is None else f"{n / 1_000_000:.1f}"


def _one_size(server: ScratchServer, pg_dump: str, sp: list[str], size: int, seed: int,
              repeat: int, workdir: Path, keep: bool = False) -> DumpRow:
    sql_path = workdir / f"schema_{size}_s{seed}.sql"
    start = time.perf_counter()
    with open(sql_path, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(generate(size, seed))
    generate_s = time.perf_counter() - start
    _log(f"[{size}] loading {sql_path} ...")
    dbname, dsn, loaded = loaded_database(server, sql_path, keep)
    load_s = -1.0 if loaded is None else loaded  # -1: a kept database, reused
    try:
        tables, columns = count_tables_columns(dsn)
        out_sql = workdir / f"pg_dump_{size}.sql"
        out_json = workdir / f"dump_{size}.json"
        out_text = workdir / f"dump_{size}.txt"
        runs: dict[str, list[Measurement]] = {"pg_dump": [], "json": [], "text": []}
        for i in range(repeat):
            _log(f"[{size}] run {i + 1}/{repeat}: pg_dump, schemaparity json, schemaparity text")
            runs["pg_dump"].append(measure(
                [pg_dump, "--schema-only", "-d", dsn, "-f", str(out_sql)], out_sql))
            runs["json"].append(measure([*sp, "dump", dsn, "-o", str(out_json)], out_json))
            runs["text"].append(measure([*sp, "dump", dsn, "-o", str(out_text)], out_text))
    finally:
        if not keep:
            server.drop_database(dbname)  # a 10,000-table database holds a lot of files
    return DumpRow(size=size, tables=tables, columns=columns, generate_s=generate_s,
                   load_s=load_s, json=best(runs["json"]), text=best(runs["text"]),
                   pg_dump=best(runs["pg_dump"]))


def write_results(rows: Sequence[DumpRow], path: Path) -> None:
    """The rows as JSON, for comparing runs."""
    data = [{**asdict(r), "time_ratio": r.time_ratio, "rss_ratio": r.rss_ratio} for r in rows]
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
