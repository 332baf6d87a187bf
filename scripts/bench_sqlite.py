"""The SQLite part of ``scripts/bench dump``: ``schemaparity dump`` of a SQLite database.

For each size a database file is generated (``generate``: tables like a local edition's, each
with an AUTOINCREMENT rowid alias, text/varchar/real/boolean/timestamp/JSON columns, defaults,
a UNIQUE and a CHECK column, a foreign key to the previous table, a two-column index and a
partial index), then ``schemaparity dump DB -o dump.json`` and ``-o dump.txt`` are each timed
as their own process, ``repeat`` times (best time, largest peak RSS). Goal (issue 16): the
2,000-table database dumps to JSON in under 1 s.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench_common import Measurement, best, measure

GOAL_TABLES = 2_000
GOAL_SECONDS = 1.0
TYPES = ("TEXT", "VARCHAR(120)", "REAL", "BOOLEAN", "TIMESTAMP", "JSON", "INTEGER", "BLOB")


@dataclass(frozen=True)
class SqliteRow:
    size: int
    columns: int
    json: Measurement
    text: Measurement


def generate(path: Path, size: int, seed: int = 1) -> int:
    """A SQLite database of ``size`` tables at ``path`` (replaced); the number of columns."""
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    columns = 0
    for i in range(size):
        extra = [f"c{j} {rng.choice(TYPES)}" for j in range(rng.randint(3, 8))]
        ref = f", parent_id INTEGER REFERENCES t{i - 1} (id) ON DELETE CASCADE" if i else ""
        conn.execute(
            f"CREATE TABLE t{i} (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            "slug TEXT NOT NULL UNIQUE, name VARCHAR(100) NOT NULL DEFAULT 'x', "
            "score REAL CHECK (score >= 0), active BOOLEAN NOT NULL DEFAULT 1, "
            f"created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, {', '.join(extra)}{ref})")
        conn.execute(f"CREATE INDEX t{i}_slug_created ON t{i} (slug, created_at)")
        conn.execute(f"CREATE INDEX t{i}_active_name ON t{i} (name) WHERE active = 1")
        columns += 6 + len(extra) + (1 if i else 0)
    conn.commit()
    conn.close()
    return columns


def run_sqlite(sizes: Sequence[int], sp: list[str], workdir: Path, repeat: int,
               emit: Callable[[str], None]) -> list[SqliteRow]:
    rows = []
    emit("")
    emit("SQLite source (schemaparity dump DB):")
    emit(f"{'size':>6}  {'columns':>8}  {'json s':>7}  {'json cpu':>8}  {'json MB':>8}  "
         f"{'text s':>7}  {'text MB':>8}")
    for size in sizes:
        db = workdir / f"sqlite_{size}.db"
        columns = generate(db, size)
        out_json, out_text = workdir / f"sqlite_{size}.json", workdir / f"sqlite_{size}.txt"
        runs: dict[str, list[Measurement]] = {"json": [], "text": []}
        for _ in range(repeat):
            runs["json"].append(measure([*sp, "dump", str(db), "-o", str(out_json)], out_json))
            runs["text"].append(measure([*sp, "dump", str(db), "-o", str(out_text)], out_text))
        row = SqliteRow(size, columns, best(runs["json"]), best(runs["text"]))
        rows.append(row)
        emit(f"{size:>6,}  {columns:>8,}  {row.json.seconds:>7.2f}  "
             f"{row.json.cpu_seconds:>8.2f}  "
             f"{row.json.peak_rss_mb:>8.0f}  {row.text.seconds:>7.2f}  "
             f"{row.text.peak_rss_mb:>8.0f}")
    goal = next((r for r in rows if r.size == GOAL_TABLES), None)
    if goal is not None:
        verdict = "MET" if goal.json.seconds < GOAL_SECONDS else "NOT MET"
        emit(f"goal at {GOAL_TABLES:,} SQLite tables (json dump under {GOAL_SECONDS:.0f} s): "
             f"{verdict} ({goal.json.seconds:.2f} s, {goal.json.peak_rss_mb:.0f} MB)")
    return rows
