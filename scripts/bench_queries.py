#!/usr/bin/env python3
"""Where a dump's time goes: each catalog query, then the Python stages, on one database.

    .venv/bin/python scripts/bench_queries.py DSN [--explain]

Runs every ``schemaparity/catalog/queries/*.sql`` the way ``catalog/read.py`` does (one
REPEATABLE READ READ ONLY transaction, ``search_path`` = ``pg_catalog``) and prints per query:
rows, client seconds (execute + fetch + row decoding) and, with ``--explain``, the server's
execution time from ``EXPLAIN (ANALYZE)`` so transfer/decoding cost shows as the difference.
Then the whole ``catalog.dump()``, ``dumpfile.to_json()``/``to_text()`` and the file write.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from schemaparity import dumpfile
from schemaparity.catalog import dump
from schemaparity.catalog.read import DumpOptions, configure, query
from schemaparity.catalog.snapshot import ORDER


def kinds() -> list[str]:
    """Every catalog query (queries/*.sql but the shared pieces they include)."""
    return sorted(ORDER)


def time_queries(dsn: str, explain: bool) -> list[tuple[str, int, float, float | None]]:
    """(kind, rows, client seconds, server ms or None) per catalog query."""
    params = {"include": [], "exclude": []}
    out = []
    with psycopg.connect(dsn) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction(force_rollback=True):
            configure(conn, DumpOptions())
            for kind in kinds():
                text = query(kind)
                args = params if "%(" in text else None
                start = time.perf_counter()
                with conn.cursor() as cur:
                    cur.execute(text, args)
                    rows = len(cur.fetchall())
                seconds = time.perf_counter() - start
                server_ms = None
                if explain:
                    with conn.cursor() as cur:
                        cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + text, args)
                        plan = cur.fetchone()[0]  # type: ignore[index]
                        server_ms = float(plan[0]["Execution Time"])
                out.append((kind, rows, seconds, server_ms))
    return out


def time_stages(dsn: str) -> list[tuple[str, float]]:
    out = []
    start = time.perf_counter()
    with psycopg.connect(dsn) as conn:
        catalog = dump(conn)
    out.append(("catalog.dump() (queries + model)", time.perf_counter() - start))
    start = time.perf_counter()
    text = dumpfile.to_json(catalog)
    out.append(("dumpfile.to_json()", time.perf_counter() - start))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        dumpfile.write_atomic(Path(tmp) / "x.json", text)
        out.append(("dumpfile.write_atomic()", time.perf_counter() - start))
    start = time.perf_counter()
    dumpfile.to_text(catalog)
    out.append(("dumpfile.to_text()", time.perf_counter() - start))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dsn")
    parser.add_argument("--explain", action="store_true",
                        help="also run EXPLAIN ANALYZE for server-side time")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    queries = time_queries(args.dsn, args.explain)
    stages = time_stages(args.dsn)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        print(json.dumps({"queries": queries, "stages": stages, "peak_rss_mb": peak_mb}))
        return 0
    print(f"{'query':<12} {'rows':>8} {'client s':>9} {'server s':>9}")
    for kind, rows, seconds, server_ms in sorted(queries, key=lambda q: -q[2]):
        server = "" if server_ms is None else f"{server_ms / 1000:.2f}"
        print(f"{kind:<12} {rows:>8} {seconds:>9.2f} {server:>9}")
    print(f"{'total':<12} {'':>8} {sum(q[2] for q in queries):>9.2f}")
    print()
    for name, seconds in stages:
        print(f"{name:<36} {seconds:6.2f} s")
    print(f"peak RSS of this process: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
