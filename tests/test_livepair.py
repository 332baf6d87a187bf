"""Two live databases compared as their rows arrive: the report is that of their two dumps,
whichever side hands over an object first, with objects on one side only, equal objects,
and objects that differ, of every kind the editions scenario has."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from schemaparity.scratch import ScratchServer

COMMON = [
    "create table same (id int primary key, note text)",
    "create table both_differ (id int primary key, a int, b text, c date)",
    "create table parent (id int primary key)",
    "create index same_note on same (note)",
    "create view v_same as select id from same",
    "create sequence s_same",
]
LEFT = [
    "create table left_only (id int, x int)",
    "create index both_differ_a on both_differ (a)",
    "alter table both_differ add constraint b_check check (a > 0)",
    "create view v_differ as select id from same",
    "create sequence s_differ increment 2",
]
RIGHT = [
    "create table right_only (id int primary key, y text)",
    "alter table both_differ add column tenant_id int references parent (id)",
    "create index both_differ_a on both_differ (a, b)",
    "create index both_differ_tenant on both_differ (tenant_id)",
    "alter table both_differ enable row level security",
    "create policy tenant on both_differ using (tenant_id = 1)",
    "alter table both_differ add constraint b_check check (a > 1)",
    "create view v_differ as select id, note from same",
    "create sequence s_differ increment 3",
    "create sequence s_right",
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "schemaparity", *args], capture_output=True,
                          text=True, timeout=300)


def _items(report: str) -> list[dict]:
    return [item for check in json.loads(report)["checks"] for item in check["items"]]


@pytest.fixture
def two_databases(pg18: ScratchServer):
    names = [pg18.create_database() for _ in range(2)]
    try:
        dsns = [pg18.dsn(n) for n in names]
        for dsn, own in zip(dsns, (LEFT, RIGHT), strict=True):
            with psycopg.connect(dsn, autocommit=True) as conn:
                for stmt in COMMON + own:
                    conn.execute(stmt)
        yield dsns
    finally:
        for n in names:
            pg18.drop_database(n)


def test_a_live_diff_reports_what_the_two_dumps_report(two_databases, tmp_path: Path) -> None:
    """Both ways and a few times over (the two sides' reads interleave differently each
    time): objects on one side only, changed ones (a table cut down to its differing
    columns) and equal ones (not reported) come out as a diff of the two dumps says."""
    from schemaparity.livepair import live_pair

    dsns = two_databases
    files = [tmp_path / "l.json", tmp_path / "r.json"]
    for dsn, path in zip(dsns, files, strict=True):
        assert _run("dump", dsn, "-o", str(path)).returncode == 0
    for order in ((0, 1), (1, 0), (0, 1), (1, 0)):
        dumped = _run("diff", *(str(files[i]) for i in order), "--format", "json")
        live = _run("diff", *(dsns[i] for i in order), "--format", "json")
        assert live.returncode == dumped.returncode == 1, live.stderr
        want, got = _items(dumped.stdout), _items(live.stdout)
        assert got == want
        assert len(want) >= 10
    left, right = live_pair(*dsns)
    assert "table:public.same" not in left.tables and "table:public.same" not in right.tables
    assert "index:public.same_note" not in left.indexes
    assert [c.name for c in right.tables["table:public.both_differ"].columns] == ["tenant_id"]
    assert "table:public.left_only" in left.tables and "table:public.right_only" in right.tables
