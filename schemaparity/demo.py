"""The demo behind ``scripts/demo``: dump every example schema under dumps/ into reports/demo/.

Runs on the embedded server with nothing else installed; an example that needs an extension
the embedded server lacks (the RLS scenario's pgcrypto) moves to the next backend that has
it, or is reported as skipped with the reason.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from schemaparity import dumpfile
from schemaparity.catalog import DumpOptions
from schemaparity.errors import SchemaParityError
from schemaparity.scratch import ScratchServer, start_server
from schemaparity.source import catalog_from_sql, needed_extensions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/demo", description=__doc__)
    parser.add_argument("--dumps", default="dumps", help="folder of example .sql files")
    parser.add_argument("--out", default="reports/demo", help="where to write the results")
    args = parser.parse_args(argv)
    src, out = Path(args.dumps), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    servers: list[ScratchServer] = []
    done, skipped = [], []
    try:
        servers.append(start_server())  # the default backend: embedded, with nothing else
        for sql in sorted(src.glob("*.sql")):
            needs = frozenset(needed_extensions(sql.read_text("utf-8")))
            try:
                server = next((s for s in servers if needs <= s.available_extensions), None)
                if server is None:
                    server = start_server(needs_extensions=needs)
                    servers.append(server)
                catalog = catalog_from_sql(sql, server, DumpOptions())
            except SchemaParityError as exc:
                skipped.append((sql.name, str(exc)))
                continue
            for suffix, render in ((".json", dumpfile.to_json), (".txt", dumpfile.to_text)):
                dumpfile.write_atomic(out / f"{sql.stem}{suffix}", render(catalog))
            done.append((sql.stem, len(catalog.tables), server.describe()))
    finally:
        for server in servers:
            server.stop()
    width = max((len(n) for n, *_ in done), default=10)
    for name, tables, where in done:
        print(f"  {name:<{width}}  {tables:>3} tables  on {where}")
    for name, reason in skipped:
        print(f"  skipped {name}: {reason}")
    print(f"\nDumped {len(done)} example schemas in {time.monotonic() - started:.1f}s.")
    print(f"JSON and text dumps are in {out}/ (e.g. {out}/agent_platform_oss.txt).")
    return 0 if done else 1


if __name__ == "__main__":
    sys.exit(main())
