"""``scripts/bench verify``: verify at scale, against loading the source schema once.

For each size: a synthetic schema of N tables (``gen_schema.py``) and its twin with about 1%
drift; the base is loaded once with ``psql -1`` (the yardstick), the plan between the two is
written, and ``schemaparity verify PLAN BASE.sql DRIFT.json --report`` is timed as its own
process on the same scratch server (goal at 10,000 tables: less than twice the load; the
``dump`` before it left BASE's dump in the cache, so verify loads BASE once, for the copy). The
report gives the time the steps themselves took while watched. Then the convergence scenario
(dumps/llmops_core_oss.sql -> llmops_core_ee.sql) with ``plan --verify --seed-rows N
--adversarial``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from bench_common import CommandFailed, load_schema, measure, scratch_server
from bench_diffplan import _backfills, cli, fmt
from gen_schema import generate

from schemaparity import dumpfile

ROOT = Path(__file__).resolve().parent.parent


def _write(work: Path, size: int, drift: float, name: str) -> Path:
    path = work / f"{name}_{size}.sql"
    with path.open("w") as fh:
        for chunk in generate(size, seed=1, drift=drift):
            fh.write(chunk)
    return path


def _rules(a_json: Path, b_json: Path) -> dict[str, str]:
    """The drift's backfill rules: a constant per new NOT NULL column, an enum's first label
    for an enum column (an empty string is no label)."""
    rules = _backfills(a_json, b_json)
    target = dumpfile.load(b_json)
    for column in rules:
        schema, table, name = column.split(".", 2)
        col = target.tables[f"table:{schema}.{table}"].column(name)
        enum = target.enums.get(f"enum:{col.type}") if col is not None else None
        if enum is not None:
            rules[column] = "'" + enum.labels[0].replace("'", "''") + "'"
    return rules


def _one(server, size: int, work: Path, env: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    base, drift = _write(work, size, 0.0, "base"), _write(work, size, 1.0, "drift")
    db = server.create_database()
    load = load_schema(server, server.dsn(db), base)
    server.drop_database(db)
    a_json, b_json = work / f"base_{size}.json", work / f"drift_{size}.json"
    measure(cli("dump", str(base), "-o", str(a_json)), env=env)
    measure(cli("dump", str(drift), "-o", str(b_json)), env=env)
    cfg = work / "schemaparity.toml"
    lines = ["[schemaparity.plan.backfill]"]
    lines += [f'"{k}" = "{v}"' for k, v in sorted(_rules(a_json, b_json).items())]
    cfg.write_text("\n".join(lines) + "\n")
    plan = work / f"plan_{size}.sql"
    measure(cli("plan", str(a_json), str(b_json), "-c", str(cfg), "--allow-hazards", "all",
                "-o", str(plan)), env=env)
    report = work / f"verify_{size}.json"
    m = measure(cli("verify", str(plan), str(base), str(b_json), "-c", str(cfg),
                    "--report", str(report)), env=env)
    data = json.loads(report.read_text())
    steps = data["totals"]["steps"]
    return (f"{size:>7} {steps:>6}   load {load:7.2f} s   verify {fmt(m)} "
            f"{m.cpu_seconds:6.2f} s CPU   "
            f"steps watched {data['totals']['seconds']:6.2f} s   "
            f"verify/load {m.seconds / load:5.2f}   {data['outcome']}"
            + ("" if data["outcome"] == "verified" else f": {data['message'][:300]}"))


def bench_verify(sizes: list[int], backend: str, seed_rows: int) -> int:
    rows = []
    with tempfile.TemporaryDirectory(prefix="sp-bench-verify-") as tmp, \
            scratch_server(backend) as server:
        print(f"server: {server.describe()}", flush=True)
        env = {**os.environ, "SCHEMAPARITY_SCRATCH": "dsn",
               "SCHEMAPARITY_SCRATCH_DSN": server.admin_dsn()}
        for size in sizes:
            rows.append(_one(server, size, Path(tmp), env))
            print(rows[-1], flush=True)
        report = Path(tmp) / "converge.json"
        cmd = [sys.executable, "-m", "schemaparity", "plan",
               str(ROOT / "dumps/llmops_core_oss.sql"), str(ROOT / "dumps/llmops_core_ee.sql"),
               "-c", str(ROOT / "schemaparity.toml"), "--allow-hazards", "all", "--archive",
               "-i", "table:*.alembic_version*", "--verify", "--adversarial", "--seed-rows",
               str(seed_rows), "--report", str(report),
               "-o", str(Path(tmp) / "sp-bench-core.sql")]
        try:
            m = measure(cmd, env=env)
            converge = f"verified in {fmt(m)} {m.cpu_seconds:.2f} s CPU"
        except CommandFailed as exc:
            converge = f"failed: {exc}"
        if report.exists():
            data = json.loads(report.read_text())
            converge += (f"; {data['totals']['steps']} steps watched "
                         f"{data['totals']['seconds']:.2f} s, "
                         f"{data['totals']['rows_seeded']:,} rows seeded, outcome "
                         f"{data['outcome']}: {data['message'][:200]}")
            slowest = sorted(data["steps"], key=lambda s: -s["seconds"])[:5]
            slowest += [s for s in data["steps"]
                        if s["step"].startswith("3.insert.") and s not in slowest]
            converge += "".join(f"\n  {s['seconds']:8.2f} s  {s['step']}" for s in slowest)
    print(f"\n{'tables':>7} {'steps':>6}")
    for row in rows:
        print(row)
    print(f"\nconvergence plan --verify --adversarial --seed-rows {seed_rows}: {converge}")
    print("goal: verify of the 10,000-table plan < 2 x loading the source schema once")
    return 0
