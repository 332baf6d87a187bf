"""Plans run under live writers: short lock windows, nothing lost, the target reached; and the
convergence plan read top to bottom never holds ACCESS EXCLUSIVE during a scan.

The writers test applies a plan (with psql, as a user would) while two connections insert and
update rows of the tables it changes, each statement timed: none may wait longer than the
plan's ``lock_timeout`` plus a small margin, none may fail (the rows fit the source and the
target), every committed row is there after, and the database dumps as the target.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import psycopg
import pytest

from schemaparity import dumpfile
from schemaparity.catalog import DumpOptions, dump
from schemaparity.config import load
from schemaparity.diff import diff
from schemaparity.normalize import Rules
from schemaparity.plan import PlanOptions, build
from schemaparity.plan.groups import groups
from schemaparity.plan.render import read, split, to_dict, to_sql
from schemaparity.scratch import ScratchServer
from schemaparity.source import catalog_from_sql
from schemaparity.verify import apply, apply_text, verify

from .case_writers import CaseWriters
from .conftest import DUMPS, ROOT
from .test_cases import CASES_DIR
from .writers import Writers

ROWS = 20_000
LOCK_TIMEOUT = 2.0  # seconds, the plan's lock_timeout
MARGIN = 1.0  # what a writer may wait beyond it (a rewrite of the small table, scheduling)

# a CHECK that takes its time on every row (about 5 s over the table): a transaction that held
# a strong lock during its VALIDATE would make the writers wait that long
SLOW = """
create function slow_ok(a int) returns boolean language plpgsql immutable
    as $$ begin perform count(*) from generate_series(1, 1000); return a >= 0; end $$;
"""
SOURCE = SLOW + f"""
create table r (id int primary key);
insert into r select generate_series(1, 10);
create table t (id int primary key, a int, e int, f int, g int, u int, v int, w int,
    old int, constraint positive check (a > 0), constraint vk unique (v));
create unique index ui on t (u);
insert into t select n, 1, n, 1, n, n, n, n, n from generate_series(1, {ROWS}) n;
create table legacy (id int primary key);
"""
# a unique index and a unique key swapped, a CHECK changed, a NOT NULL over a backfill, a
# foreign key added, a column type changed, a column and a table dropped
TARGET = SLOW + """
create table r (id int primary key);
create table t (id int primary key, a int, e int not null, f int references r (id),
    g bigint, u int, v int, w int, constraint positive check (slow_ok(a)),
    constraint vk unique (v, w));
create unique index ui on t (u) where u > 0;
"""


def _catalogs(server: ScratchServer, tmp_path: Path):  # type: ignore[no-untyped-def]
    out = []
    for name, text in (("a", SOURCE), ("b", TARGET)):
        (tmp_path / f"{name}.sql").write_text(text)
        out.append(catalog_from_sql(tmp_path / f"{name}.sql", server, DumpOptions()))
    return out


def _insert(writers: Writers, conn: psycopg.Connection, n: int) -> str:
    key = ROWS + n
    conn.execute("insert into t (id, a, e, f, g, u, v, w) values (%s, 1, %s, 1, %s, %s, "
                 "%s, %s)", (key, key, key, key, key, key))
    writers.record("t", (str(key),))
    return f"insert {key}"


def _update(writers: Writers, conn: psycopg.Connection, n: int) -> str:
    key = 1 + (n * 7919) % ROWS
    conn.execute("update t set a = a + 1 where id = %s", (key,))
    return f"update {key}"


def test_writers_never_wait_longer_than_the_lock_timeout(server: ScratchServer,
                                                         tmp_path: Path) -> None:
    a, b = _catalogs(server, tmp_path)
    plan = build(a, b, PlanOptions(backfill={"public.t.e": "t.id"}, batch_size=2000,
                                   lock_timeout=f"{int(LOCK_TIMEOUT * 1000)}ms"))
    kinds = {s.id.partition(":")[0] for s in plan.steps}
    assert {"4.index.swap", "4.constraint.swap", "3.column.backfill", "4.column.set_not_null",
            "3.constraint.add", "2.column.type", "6.table.drop", "6.column.drop"} <= kinds
    name = server.create_database()
    dsn = server.dsn(name)
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(SOURCE)  # type: ignore[call-overload]
        with Writers(dsn, [_insert, _update], timeout=LOCK_TIMEOUT + MARGIN + 1) as writers:
            time.sleep(0.3)
            apply(server, dsn, plan)
            time.sleep(0.3)
        assert [w.error for w in writers.writes if w.error] == []
        assert len(writers.rows["t"]) > 10 and len(writers.writes) > 20
        writers.check(LOCK_TIMEOUT + MARGIN, "the combined plan", to_sql(plan))
        with psycopg.connect(dsn) as conn:
            ids = {str(i) for (i,) in conn.execute("select id from t where id > %s", (ROWS,))}
            assert {key for (key,) in writers.rows["t"]} <= ids
            assert conn.execute("select count(*) from t where e is null").fetchone() == (0,)
        with psycopg.connect(dsn) as conn:
            after = dump(conn, DumpOptions())
        residual = diff(after, b, Rules.make(column_order="ignore"))
        assert residual.identical, [(c.op, c.key) for c in residual.changes]
    finally:
        server.drop_database(name)


# ------------------------------------------------------------ the convergence plan, as read

STRONG = ("SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE")
# statements that read a whole table (a CHECK or key added without NOT VALID / USING INDEX
# reads it too, but only on a new, empty table here: those are told apart below)
SCANS = (re.compile(r"\bVALIDATE CONSTRAINT\b"), re.compile(r"^\s*UPDATE\b", re.M),
         re.compile(r"\bCREATE (UNIQUE )?INDEX (?!CONCURRENTLY)"),
         re.compile(r"\bTYPE\b.*\bUSING\b"))


def transaction_groups(text: str) -> list[list[tuple[str, str | None, str]]]:
    """The rendered plan's transactions, read from its text: each a list of ``(step id,
    declared lock, SQL)``; a step outside BEGIN/COMMIT is a group of its own."""
    out: list[list[tuple[str, str | None, str]]] = []
    current: list[tuple[str, str | None, str]] | None = None
    step: list = []  # type: ignore[type-arg]

    def flush() -> None:
        if step:
            entry = (step[0], step[1], "\n".join(step[2]))
            if current is not None:
                current.append(entry)
            else:
                out.append([entry])
            step.clear()

    for line in text.split("\n"):
        if line == "BEGIN;":
            flush()
            current = []
        elif line == "COMMIT;":
            flush()
            out.append(current or [])
            current = None
        elif line.startswith("-- step "):
            flush()
            step[:] = [line[len("-- step "):], None, []]
        elif step and line.startswith("--   lock: "):
            step[1] = line[len("--   lock: "):]
        elif step and not line.startswith("--") and not line.startswith("SET "):
            step[2].append(line)
    flush()
    return out


def _scans(sql_text: str, new_tables: set[str]) -> bool:
    if any(p.search(sql_text) for p in SCANS):
        return True
    adds = re.findall(r"ALTER TABLE (\S+) ADD CONSTRAINT \S+ (?!.*NOT VALID)(?!.*USING INDEX)",
                      sql_text)
    return any(t.replace('"', "") not in new_tables for t in adds)


def _validated_checks(groups_: list[list[tuple[str, str | None, str]]], upto: int) -> set[str]:
    return {m for g in groups_[:upto] for _i, _lock, text in g
            for m in re.findall(r"VALIDATE CONSTRAINT (\S+);", text)}


@pytest.mark.parametrize("archive", [False, True])
def test_convergence_plan_holds_no_strong_lock_during_a_scan(archive: bool) -> None:
    oss, ee = dumpfile.load(DUMPS / "llmops_core_oss.json"), dumpfile.load(
        DUMPS / "llmops_core_ee.json")
    cfg = load(ROOT / "schemaparity.toml")
    rules = Rules.make(ignore=["table:*.alembic_version*"], column_order="ignore")
    plan = build(oss, ee, PlanOptions(backfill=cfg.plan.backfill, archive=archive), rules)
    read = transaction_groups(to_sql(plan).text)
    assert sum(len(g) for g in read) == len(plan.steps)
    assert len(read) == len(groups(plan.steps))
    new_tables = {k.split(":", 1)[1] for k in ee.tables} - {k.split(":", 1)[1]
                                                             for k in oss.tables}
    strong = [(n, g) for n, g in enumerate(read) if any(lock in STRONG for _i, lock, _t in g)]
    assert len(strong) > 20
    for n, group in strong:
        assert len(group) == 1, [i for i, _l, _t in group]  # alone in its transaction
        step_id, _lock, text = group[0]
        assert not _scans(text, new_tables), step_id
        if "SET NOT NULL" in text:  # only behind a CHECK validated in an earlier transaction
            check = re.search(r"DROP CONSTRAINT (?:IF EXISTS )?(\S+);", text)
            assert check and check.group(1) in _validated_checks(read, n), step_id
    # the NOT VALID foreign keys come before the validations, the backfills before them
    ids = [i for g in read for i, _l, _t in g]
    assert max(i for i, s in enumerate(ids) if ".backfill:" in s) < min(
        i for i, s in enumerate(ids) if ".validate" in s)


def test_the_scan_reader_sees_a_strong_lock_held_during_a_scan() -> None:
    """The reader the test above relies on catches the old layout (one transaction)."""
    text = ("BEGIN;\n\n-- step 4.column.not_null_check:public.t.c\n--   lock: ACCESS EXCLUSIVE\n"
            "ALTER TABLE t ADD CONSTRAINT c CHECK (c IS NOT NULL) NOT VALID;\n\n"
            "-- step 4.column.validate_not_null:public.t.c\n--   lock: SHARE UPDATE EXCLUSIVE\n"
            "ALTER TABLE t VALIDATE CONSTRAINT c;\nCOMMIT;\n")
    (group,) = transaction_groups(text)
    assert [lock for _i, lock, _t in group] == ["ACCESS EXCLUSIVE", "SHARE UPDATE EXCLUSIVE"]
    assert _scans("\n".join(t for _i, _l, t in group), set())


def test_split_files_have_the_single_files_transactions(tmp_path: Path) -> None:
    oss, ee = dumpfile.load(DUMPS / "llmops_core_oss.json"), dumpfile.load(
        DUMPS / "llmops_core_ee.json")
    cfg = load(ROOT / "schemaparity.toml")
    rules = Rules.make(ignore=["table:*.alembic_version*"], column_order="ignore")
    plan = build(oss, ee, PlanOptions(backfill=cfg.plan.backfill), rules)
    files = split(plan, tmp_path)
    assert len(files) == len(groups(plan.steps)) < len(plan.steps)
    numbers = [s["group"] for s in to_dict(plan)["steps"]]  # the JSON cuts the same way
    assert numbers == [g.number for g in groups(plan.steps) for _s in g.steps]
    assert numbers[-1] == len(files)
    texts = [f.read_text() for f in files]
    framing = [(t.split("\n").count("BEGIN;"), t.split("\n").count("COMMIT;")) for t in texts]
    assert {f for f in framing} == {(0, 0), (1, 1)}
    body = to_sql(plan).text.split("\\set ON_ERROR_STOP on\n", 1)[1]
    joined = re.sub(r"\n+", "\n", "".join(texts))
    single = re.sub(r"\n+", "\n", re.sub(r"^-- ====.*$", "", body, flags=re.M))
    assert joined.strip() == single.strip()


def _protection(conn: psycopg.Connection) -> tuple[bool, bool, bool]:
    """Is ``t`` protected at this moment: a valid unique index on ``u``, a unique key on
    ``v``, a CHECK on ``a``?"""
    def one(query: str) -> bool:
        return conn.execute(query).fetchone() == (True,)

    return (one("select exists (select from pg_index where indrelid = 't'::regclass and "
                "indisunique and indisvalid and indkey[0] = (select attnum from pg_attribute "
                "where attrelid = 't'::regclass and attname = 'u'))"),
            one("select exists (select from pg_constraint where conrelid = 't'::regclass "
                "and contype = 'u' and pg_get_constraintdef(oid) like 'UNIQUE (v%')"),
            one("select exists (select from pg_constraint where conrelid = 't'::regclass "
                "and contype = 'c' and pg_get_constraintdef(oid) like '%(a%')"))


def test_no_transaction_leaves_a_key_or_check_missing(pg18: ScratchServer,
                                                      tmp_path: Path) -> None:
    """The plan run one --split file (one transaction) at a time: after each, the unique
    index, the unique key and the CHECK being replaced are there, old or new."""
    a, b = _catalogs(pg18, tmp_path)
    plan = build(a, b, PlanOptions(backfill={"public.t.e": "t.id"}))
    name = pg18.create_database()
    dsn = pg18.dsn(name)
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(SOURCE.replace(f"generate_series(1, {ROWS})",
                                        "generate_series(1, 50)"))  # type: ignore[call-overload]
            files = split(plan, tmp_path / "split")
            seen = []
            for path in files:
                apply_text(pg18, dsn, path.read_text())
                seen.append((path.name, _protection(conn)))
        assert [s for s in seen if s[1] != (True, True, True)] == []
        assert any(".swap" in name for name, _p in seen)
    finally:
        pg18.drop_database(name)


# hand-made last steps that the case writers must catch, and what they must say
HAND_MADE = {
    "sleep": ("--   lock: ACCESS EXCLUSIVE\nBEGIN;\nLOCK TABLE public.t IN ACCESS EXCLUSIVE MODE;"
              "\nSELECT pg_sleep({sleep});\nCOMMIT;\n",
              r"\d+ write\(s\) waited longer than 1\.5 s.*blocked by step 9\.hand\.sleep"),
    "delete": ("--   lock: ROW EXCLUSIVE\nSELECT pg_sleep(0.3);\nDELETE FROM public.t;\n",
               r"committed rows lost: \{'public\.t': \[\('"),
}


@pytest.mark.parametrize("hand", sorted(HAND_MADE))
def test_case_writers_fail_on_a_plan_that_blocks_or_loses_rows(pg18: ScratchServer,
                                                               hand: str) -> None:
    """The writers of tests/test_plan_cases.py catch a plan that holds ACCESS EXCLUSIVE
    longer than its lock_timeout (a hand-made step sleeping under the lock), naming the case
    and the step; and one that deletes the rows they committed."""
    folder = CASES_DIR / "unique_added_removed"
    a = catalog_from_sql(folder / "a.sql", pg18, DumpOptions())
    b = catalog_from_sql(folder / "b.sql", pg18, DumpOptions())
    plan = build(a, b, PlanOptions(lock_timeout="500ms", force=True))
    writers = CaseWriters(a, b, plan, "unique_added_removed a -> b")
    step, message = HAND_MADE[hand]
    text = (to_sql(plan).text + f"\n-- step 9.hand.{hand}:public.t\n"
            + step.format(sleep=writers.bound + 0.5))
    writers.rendered = read(text)
    with pytest.raises(AssertionError, match="unique_added_removed a -> b: " + message):
        verify(pg18, text, a, b, sql_file=folder / "a.sql", around_apply=writers.around)
    assert writers.writers is not None and writers.writers.rows["public.t"]
