"""Command line of ``scripts/bench``: one subcommand per benchmark.

    scripts/bench dump [--sizes 200,2000,10000] [--sqlite-sizes 2000] [--backend local] [--repeat 1]
    scripts/bench diff | plan     (1% drift)
    scripts/bench editions        (every table differs: OSS vs EE)
    scripts/bench history REPO_DIR PATH [--pairs both] [--limit 15] [--server 18] [--both-ways]
    scripts/bench verify [--sizes 2000,10000] [--seed-rows 100000]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench_common import CommandFailed

from schemaparity.errors import SchemaParityError
from schemaparity.scratch import BACKENDS

ROOT = Path(__file__).resolve().parent.parent


def sizes(text: str) -> list[int]:
    try:
        out = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of sizes: {text!r}") from None
    if not out or any(n < 1 for n in out):
        raise argparse.ArgumentTypeError("sizes must be positive table counts")
    return out


KEEP_HELP = ("with --backend dsn (SCHEMAPARITY_SCRATCH_DSN): keep the loaded databases, named "
             "after a hash of their SQL, and reuse them in later runs (loading 10,000 tables "
             "takes minutes)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/bench", description="schemaparity benchmarks on synthetic schemas.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    dump = sub.add_parser(
        "dump", help="schemaparity dump vs pg_dump --schema-only, time and peak memory",
        description="For each size: generate a multi-tenant schema, load it into a scratch "
                    "database, then time pg_dump --schema-only and schemaparity dump (json, "
                    "text) on it, each as its own process.")
    dump.add_argument("--sizes", type=sizes, default=[200, 2000, 10000], metavar="N,N,...",
                      help="table counts (default 200,2000,10000)")
    dump.add_argument("--backend", choices=BACKENDS, default="local",
                      help="scratch server backend (default local: pg_dump of the same version)")
    dump.add_argument("--pg-bin", metavar="DIR", help="bin dir for the local backend")
    dump.add_argument("--keep", action="store_true", help=KEEP_HELP)
    dump.add_argument("--sqlite-sizes", type=sizes, default=[2000], metavar="N,N,...",
                      help="SQLite databases dumped after the PostgreSQL sizes (default 2000)")
    dump.add_argument("--no-sqlite", action="store_true", help="leave the SQLite part out")
    dump.add_argument("--seed", type=int, default=1, help="schema generator seed (default 1)")
    dump.add_argument("--repeat", type=int, default=1, metavar="N",
                      help="runs per command; the fastest counts (default 1)")
    dump.add_argument("--workdir", type=Path, default=ROOT / ".bench", metavar="DIR",
                      help="generated schemas and dump outputs (default .bench/)")
    dump.add_argument("--results", type=Path, metavar="FILE",
                      help="also write the rows as JSON to FILE")
    dump.add_argument("--schemaparity", metavar="CMD",
                      help="schemaparity command to measure, split like a shell would "
                           "(default: .venv/bin/schemaparity), e.g. to compare a branch: "
                           "--schemaparity 'env PYTHONPATH=../branch .venv/bin/schemaparity'")

    for name, what in (("diff", "dump-to-dump and live-to-live diff of a schema and its twin "
                                 "with 1% drift"),
                       ("plan", "plan for a schema and its 1% drifted twin, and the "
                                "convergence scenario's plan --verify with seeded rows")):
        cmd = sub.add_parser(name, help=what.replace("%", "%%"), description=what)
        cmd.add_argument("--sizes", type=sizes, default=[2000, 10000], metavar="N,N,...",
                         help="table counts (default 2000,10000)")
        cmd.add_argument("--backend", choices=BACKENDS, default="local",
                         help="scratch server backend (default local)")
        cmd.add_argument("--repeat", type=int, default=1, metavar="N",
                         help="runs per command; the fastest counts (default 1)")
        cmd.add_argument("--keep", action="store_true", help=KEEP_HELP)
        if name == "diff":
            cmd.add_argument("--migra", metavar="PATH",
                             help="migra to time on the same live pair (default: "
                                  ".bench/migra-venv/bin/migra, else migra on PATH)")
        if name == "plan":
            cmd.add_argument("--seed-rows", type=int, default=100_000, metavar="N",
                             help="rows a table for the convergence verify (default 100,000)")
    ed = sub.add_parser(
        "editions", help="every table differs: OSS vs EE editions (gen_editions.py)",
        description="diff (dumps, live, migra), plan both ways, check and a cached .sql "
                    "re-run on two editions that differ in every table; medians, interleaved")
    ed.add_argument("--sizes", type=sizes, default=[200, 2000, 10000], metavar="N,N,...",
                    help="table counts (default 200,2000,10000)")
    ed.add_argument("--backend", choices=BACKENDS, default="local",
                    help="scratch server backend (default local)")
    ed.add_argument("--repeat", type=int, default=3, metavar="N",
                    help="runs per command; the median counts (default 3)")
    ed.add_argument("--keep", action="store_true", help=KEEP_HELP)
    ed.add_argument("--migra", metavar="PATH",
                    help="migra to time on the same live pair (default: "
                         ".bench/migra-venv/bin/migra, else migra on PATH)")
    history = sub.add_parser(
        "history", help="plan and verify versions of a committed schema file, beside migra",
        description="Plan consecutive and distant versions of PATH (a pg_dump structure.sql) "
                    "from the git history of REPO_DIR with schemaparity --verify, and run "
                    "migra on the same pairs when it is installed.")
    history.add_argument("repo", type=Path, metavar="REPO_DIR")
    history.add_argument("path", metavar="PATH")
    history.add_argument("--pairs", choices=("consecutive", "distant", "both"), default="both")
    history.add_argument("--limit", type=int, default=15, metavar="N",
                         help="pairs of each kind (default 15)")
    history.add_argument("--server", choices=("15", "18"), default="18",
                         help="scratch PostgreSQL: 18 embedded, 15 local (default 18)")
    history.add_argument("--migra", metavar="PATH",
                         help="migra to run on the same pairs (default: "
                              ".bench/migra-venv/bin/migra, else migra on PATH)")
    history.add_argument("--since", default="", metavar="YYYY-MM-DD",
                         help="only versions committed on that day or later")
    history.add_argument("--both-ways", action="store_true",
                         help="also plan each pair backwards (NEW to OLD: a rollback)")
    history.add_argument("--json", action="store_true", help="rows as JSON")
    verify = sub.add_parser(
        "verify", help="verify of a 1%% drift plan against loading the source once, and the "
                       "convergence plan --verify --adversarial with seeded rows",
        description="For each size: load the base schema once (the yardstick), then time "
                    "schemaparity verify of the plan to its 1%% drifted twin; then the "
                    "convergence scenario with --seed-rows N --adversarial.")
    verify.add_argument("--sizes", type=sizes, default=[2000, 10000], metavar="N,N,...",
                        help="table counts (default 2000,10000)")
    verify.add_argument("--backend", choices=BACKENDS, default="local",
                        help="scratch server backend (default local)")
    verify.add_argument("--seed-rows", type=int, default=100_000, metavar="N",
                        help="rows a table for the convergence verify (default 100,000)")
    verify.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "repeat", 1) < 1 or getattr(args, "limit", 1) < 1:
        print("scripts/bench: --repeat and --limit must be at least 1", file=sys.stderr)
        return 2
    try:
        return _run(args)
    except (CommandFailed, SchemaParityError) as exc:
        print(f"scripts/bench: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("scripts/bench: interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    if args.command == "history":
        from bench_history import bench_history

        return bench_history(args.repo, args.path, args.pairs, args.limit, args.server,
                             args.migra, args.json, args.since, args.both_ways)
    if args.command == "diff":
        from bench_diffplan import bench_diff

        return bench_diff(args.sizes, args.backend, args.repeat, args.keep, args.migra)
    if args.command == "editions":
        from bench_editions import bench_editions

        return bench_editions(args.sizes, args.backend, args.repeat, args.keep, args.migra)
    if args.command == "verify":
        from bench_verify import bench_verify

        return bench_verify(args.sizes, args.backend, args.seed_rows)
    if args.command == "plan":
        from bench_diffplan import bench_plan

        return bench_plan(args.sizes, args.backend, args.repeat, args.seed_rows)
    from bench_dump import run_dump, write_results

    rows = run_dump(args.sizes, backend=args.backend, pg_bin=args.pg_bin, seed=args.seed,
                    repeat=args.repeat, workdir=args.workdir, schemaparity=args.schemaparity,
                    keep=args.keep)
    if args.results:
        write_results(rows, args.results)
    if not args.no_sqlite:
        from bench_dump import schemaparity_cmd
        from bench_sqlite import run_sqlite

        run_sqlite(args.sqlite_sizes, schemaparity_cmd(args.schemaparity), args.workdir,
                   args.repeat, print)
    return 0

if __name__ == "__main__":
    sys.exit(main())
