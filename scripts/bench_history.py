"""``scripts/bench history``: plans between real versions of a committed schema file, beside migra.

From a local git checkout, the versions of PATH (a pg_dump ``structure.sql``-style file) are
taken from its history (``git log --follow``, identical contents once, versions that do not
load skipped). Consecutive and distant pairs of them are planned and verified with
schemaparity (``plan OLD NEW --verify --allow-hazards all``, through the API, on one scratch
server). When migra is installed, it runs on the same pairs: OLD and NEW are loaded into two
databases, ``migra --unsafe`` writes its script, the script is applied to OLD, and
schemaparity's diff says whether OLD has converged on NEW.

A verified plan is also checked independently: it is applied to a fresh copy of OLD with psql
and migra (when installed) compares that copy with NEW; a plan that verified but leaves
statements migra would still run is shown as ``indep: N`` (a suspected false pass to read).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from bench_common import CommandFailed, client_tool, scratch_server
from bench_diffplan import find_migra
from psycopg.conninfo import conninfo_to_dict

from schemaparity import api
from schemaparity.model import Catalog
from schemaparity.normalize import Rules
from schemaparity.plan import PlanOptions
from schemaparity.plan.render import to_sql
from schemaparity.plan.steps import Plan
from schemaparity.scratch import ScratchServer

BACKEND = {"15": "local", "18": "embedded"}
# as the plan command compares by default: PostgreSQL appends added columns
RULES = Rules(column_order="ignore")


@dataclass(frozen=True)
class Version:
    commit: str
    date: str
    path: str
    file: Path


@dataclass
class Row:
    kind: str
    old: str
    new: str
    schemaparity: str = ""
    independent: str = ""
    migra: str = ""
    sp_seconds: float = 0.0
    migra_seconds: float = 0.0


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise CommandFailed(f"git {' '.join(args)}: {proc.stderr.strip().splitlines()[-1:]}")
    return proc.stdout


def versions(repo: Path, path: str, work: Path, since: str = "") -> list[Version]:
    """Every distinct content of ``path`` in the history (committed on ``since`` or later),
    oldest first, written to ``work``."""
    try:
        out = git(repo, "log", "--follow", "--format=@%H %cs", "--name-only", "--", path)
    except CommandFailed:  # rename detection reads blobs a partial snapshot may lack
        out = git(repo, "log", "--format=@%H %cs", "--name-only", "--", path)
    found: list[tuple[str, str, str]] = []
    for line in out.splitlines():
        if line.startswith("@"):
            commit, date = line[1:].split()
            found.append((commit, date, path))
        elif line.strip() and found:
            found[-1] = (found[-1][0], found[-1][1], line.strip())
    seen: set[str] = set()
    result = []
    for commit, date, at in reversed(found):
        # --verify -q: nothing on stdout for a path that commit deleted (plain rev-parse
        # echoes the argument back, and cat-file then fails on it)
        blob = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "-q",
                               f"{commit}:{at}"], capture_output=True, text=True).stdout.strip()
        if not blob or blob in seen or date < since:
            continue  # deleted in that commit, or the same content again
        seen.add(blob)
        file = work / f"{len(result):04d}_{commit[:10]}.sql"
        file.write_bytes(subprocess.run(["git", "-C", str(repo), "cat-file", "blob", blob],
                                        capture_output=True, check=True).stdout)
        result.append(Version(commit[:10], date, at, file))
    return result


def pair_indices(count: int, mode: str, limit: int) -> list[tuple[str, int, int]]:
    """``limit`` consecutive pairs spread over the history and/or ``limit`` distant hops."""
    out: list[tuple[str, int, int]] = []
    if count < 2:
        return out
    if mode in ("consecutive", "both"):
        n = min(limit, count - 1)
        starts = sorted({round(i * (count - 2) / max(n - 1, 1)) for i in range(n)})
        out += [("consecutive", i, i + 1) for i in starts]
    if mode in ("distant", "both"):
        gap = max(2, (count - 1) // limit)
        out += [("distant", i, min(i + gap, count - 1))
                for i in range(0, count - 2, gap)][:limit]
    return out


def psql(server: ScratchServer, dsn: str, path: Path) -> str | None:
    """Run a file with psql (stop on the first error); the error's first line, or None."""
    cmd = [client_tool(server, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn,
           "-f", str(path)]
    env = {**os.environ, "PGOPTIONS": "-c client_min_messages=warning"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode == 0:
        return None
    lines = [ln for ln in proc.stderr.splitlines() if "ERROR" in ln] or proc.stderr.splitlines()
    return (lines[0] if lines else f"psql exit {proc.returncode}").strip()


class Databases:
    """Databases holding a version, made on demand; a version that does not load is None."""

    def __init__(self, server: ScratchServer) -> None:
        self.server = server
        self.loads: dict[Path, bool] = {}

    def fresh(self, version: Version) -> str | None:
        name = self.server.create_database()
        dsn = self.server.dsn(name)
        error = psql(self.server, dsn, version.file)
        self.loads[version.file] = error is None
        if error:
            self.server.drop_database(name)
            print(f"  skipped {version.commit} ({version.date}): does not load: {error}",
                  file=sys.stderr, flush=True)
            return None
        return dsn

    def loadable(self, version: Version) -> bool:
        if version.file not in self.loads:
            dsn = self.fresh(version)
            if dsn:
                self.drop(dsn)
        return self.loads[version.file]

    def drop(self, dsn: str) -> None:
        self.server.drop_database(str(conninfo_to_dict(dsn)["dbname"]))


def migra_url(dsn: str) -> str:
    """A keyword DSN as the URL migra (SQLAlchemy, psycopg2) wants."""
    d = conninfo_to_dict(dsn)
    query = {k: v for k, v in d.items() if k in ("host", "port") and v}
    user = quote(str(d.get("user", "")), safe="")
    auth = f"{user}@" if user else ""
    return f"postgresql+psycopg2://{auth}/{quote(str(d.get('dbname', '')))}?{urlencode(query)}"


def migra_script(migra: str, old: str, new: str) -> tuple[str | None, str]:
    """migra's script from OLD to NEW, or (None, its error line)."""
    proc = subprocess.run([migra, "--unsafe", migra_url(old), migra_url(new)],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 2):
        tail = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()][-1:]
        return None, (tail[0] if tail else f"exit {proc.returncode}")[:120]
    return proc.stdout, ""


def residual(left: str, right: str) -> int:
    return len(api.diff(left, right, RULES).changes)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:140]


def missing_backfills(exc: Exception) -> int:
    """How many backfill rules a refusal asks for; 0 when it refuses anything else too."""
    from schemaparity.plan.order import MissingBackfill, Refusals

    if isinstance(exc, MissingBackfill):
        return 1
    if isinstance(exc, Refusals) and all(isinstance(r, MissingBackfill) for r in exc.refusals):
        return len(exc.refusals)
    return 0


def guarded_plan(old: Catalog, new: Catalog) -> tuple[Plan, str]:
    """The plan, and a note. A plan refused only for missing backfill rules is planned again
    the documented way for tables expected to be empty (rule NULL: the plan stops first when
    such a table has rows), as migra's script assumes too; the note says how many."""
    from schemaparity.plan.order import PlanError

    try:
        return api.plan(old, new, PlanOptions(), RULES), ""
    except PlanError as exc:
        needed = missing_backfills(exc)
        if not needed:
            raise
    plan = api.plan(old, new, PlanOptions(backfill={"*.*.*": "NULL"}), RULES)
    return plan, f", {needed} empty-table guards"


def plan_and_verify(server: ScratchServer, old: Version, old_dsn: str,
                    new_dsn: str) -> tuple[str, str | None]:
    """schemaparity's verdict on one pair, and the plan's SQL when it verified."""
    from schemaparity.errors import SchemaParityError
    from schemaparity.plan.order import PlanError, UnsupportedChange
    from schemaparity.verify import VerifyFailed

    try:
        pair = api.read_pair(old_dsn, new_dsn, whole=True, server=server)
        plan, note = guarded_plan(pair.left, pair.right)
    except (PlanError, UnsupportedChange) as exc:
        lines = str(getattr(exc, "message", exc)).splitlines()
        return f"refused: {' / '.join(ln.strip() for ln in lines[:3])[:200]}", None
    except SchemaParityError as exc:
        return f"error: {first_line(exc)}", None
    except Exception as exc:  # a crash is what this bench is for: name it, go on
        return f"crash: {type(exc).__name__}: {first_line(exc)}", None
    try:
        result = api.verify(plan, pair.left, pair.right, RULES, source_sql=old.file,
                            server=server)
    except VerifyFailed as exc:
        return f"failed: {first_line(exc)}", None
    except Exception as exc:
        return f"crash: {type(exc).__name__}: {first_line(exc)}", None
    if not result.ok:
        first = result.residual.changes[0]
        return f"residual {len(result.residual.changes)}: {first.op} {first.key}", None
    return f"verified ({len(plan.steps)} steps{note})", to_sql(plan).text


def apply_script(dbs: Databases, old: Version, text: str, work: Path) -> tuple[str | None, str]:
    """A fresh copy of OLD with ``text`` applied: (its dsn, "") or (None, the error)."""
    dsn = dbs.fresh(old)
    if dsn is None:
        return None, "OLD does not load"
    script = work / "script.sql"
    script.write_text(text)
    error = psql(dbs.server, dsn, script)
    if error:
        dbs.drop(dsn)
        return None, error[:120]
    return dsn, ""


def independent(dbs: Databases, migra: str, old: Version, plan_sql: str, new_dsn: str,
                work: Path) -> str:
    """migra's view of OLD + our plan against NEW: 'clean' or the statements it still sees."""
    dsn, error = apply_script(dbs, old, plan_sql, work)
    if dsn is None:
        return f"plan fails under psql: {error}"
    try:
        text, error = migra_script(migra, dsn, new_dsn)
    finally:
        dbs.drop(dsn)
    if text is None:
        return f"migra error: {error}"
    statements = [ln for ln in text.splitlines() if ln.strip().endswith(";")]
    (work / "independent.sql").write_text(text)
    return "clean" if not statements else f"{len(statements)} stmts: {statements[0][:60]}"


def run_migra(dbs: Databases, migra: str, old: Version, old_dsn: str, new_dsn: str,
              work: Path) -> str:
    text, error = migra_script(migra, old_dsn, new_dsn)
    if text is None:
        return f"error: {error}"
    dsn, error = apply_script(dbs, old, text, work)
    if dsn is None:
        return f"error: {error}"
    try:
        left = residual(dsn, new_dsn)
    finally:
        dbs.drop(dsn)
    return "converged" if left == 0 else f"residual {left}"


def run_pair(dbs: Databases, migra: str | None, kind: str, old: Version, new: Version,
             work: Path) -> Row:
    row = Row(kind, f"{old.commit} {old.date}", f"{new.commit} {new.date}")
    old_dsn, new_dsn = dbs.fresh(old), dbs.fresh(new)
    assert old_dsn and new_dsn
    try:
        start = time.perf_counter()
        row.schemaparity, plan_sql = plan_and_verify(dbs.server, old, old_dsn, new_dsn)
        row.sp_seconds = time.perf_counter() - start
        if migra:
            if plan_sql is not None:
                row.independent = independent(dbs, migra, old, plan_sql, new_dsn, work)
            start = time.perf_counter()
            row.migra = run_migra(dbs, migra, old, old_dsn, new_dsn, work)
            row.migra_seconds = time.perf_counter() - start
    finally:
        dbs.drop(old_dsn)
        dbs.drop(new_dsn)
    return row


def first_loadable(dbs: Databases, found: list[Version], start: int) -> int | None:
    """The first version from ``start`` on that loads, a few versions on at most."""
    for k in range(start, min(start + 3, len(found))):
        if dbs.loadable(found[k]):
            return k
    return None


def chosen_pairs(dbs: Databases, found: list[Version], mode: str,
                 limit: int) -> list[tuple[str, Version, Version]]:
    """The pairs to run; a version that does not load gives way to the next one that does
    (or the pair is left out)."""
    out = []
    for kind, i, j in pair_indices(len(found), mode, limit):
        old = first_loadable(dbs, found, i)
        new = None if old is None else first_loadable(dbs, found, max(j, old + 1))
        if old is not None and new is not None and (kind, found[old], found[new]) not in out:
            out.append((kind, found[old], found[new]))
    return out


def print_table(rows: list[Row]) -> None:
    print(f"{'pair':<16} {'old':<22} {'new':<22} {'schemaparity':<44} {'sp s':>6} "
          f"{'independent':<24} {'migra':<28} {'migra s':>7}")
    for r in rows:
        print(f"{r.kind:<16} {r.old:<22} {r.new:<22} {r.schemaparity[:44]:<44} "
              f"{r.sp_seconds:6.1f} {r.independent[:24]:<24} {r.migra[:28]:<28} "
              f"{r.migra_seconds:7.1f}")
    verified = sum(r.schemaparity.startswith("verified") for r in rows)
    converged = sum(r.migra == "converged" for r in rows)
    suspect = sum(r.schemaparity.startswith("verified") and r.independent not in ("", "clean")
                  for r in rows)
    print(f"\n{len(rows)} pairs: schemaparity verified {verified}/{len(rows)} "
          f"(independently unclean: {suspect}); migra converged {converged}/{len(rows)}")


def bench_history(repo: Path, path: str, mode: str, limit: int, server_major: str,
                  migra_path: str | None, as_json: bool, since: str = "",
                  both_ways: bool = False) -> int:
    migra = find_migra(migra_path)
    with tempfile.TemporaryDirectory(prefix="sp-bench-history-") as tmp, \
            scratch_server(BACKEND[server_major]) as server:
        work = Path(tmp)
        found = versions(repo, path, work, since)
        print(f"server: {server.describe()}; {len(found)} versions of {path}; "
              f"migra: {migra or 'not installed'}", file=sys.stderr, flush=True)
        dbs = Databases(server)
        rows = []
        for kind, old, new in chosen_pairs(dbs, found, mode, limit):
            ways = [(kind, old, new)] + ([(f"{kind} back", new, old)] if both_ways else [])
            for label, left, right in ways:
                print(f"  {label} {left.commit} -> {right.commit} ...", file=sys.stderr,
                      flush=True)
                rows.append(run_pair(dbs, migra, label, left, right, work))
                print(f"    {rows[-1].schemaparity} | {rows[-1].independent} | "
                      f"{rows[-1].migra}", file=sys.stderr, flush=True)
    if as_json:
        print(json.dumps([asdict(r) for r in rows], indent=2))
    else:
        print_table(rows)
    return 0
