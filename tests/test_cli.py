"""The dump command end to end, and every kind of bad input: one line, exit 2, no file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from schemaparity import dumpfile
from schemaparity.scratch import ScratchServer

from .conftest import DUMPS


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess (as a user would)."""
    import os

    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "schemaparity", *args], capture_output=True,
                          text=True, env=full_env, timeout=300)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("schemaparity: error: ")
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def db(pg18: ScratchServer):
    name = pg18.create_database()
    with psycopg.connect(pg18.dsn(name), autocommit=True) as conn:
        conn.execute("create table t (id int primary key, note text)")
    yield pg18.dsn(name)
    pg18.drop_database(name)


def test_version_and_help() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("schemaparity, version ")
    helptext = run("dump", "--help").stdout
    assert "Examples:" in helptext and "--format" in helptext and "SOURCE" in helptext


def test_dump_a_live_database_as_json_and_text(db: str, tmp_path: Path) -> None:
    out = tmp_path / "db.json"
    proc = run("dump", db, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    catalog = dumpfile.load(out)
    assert "table:public.t" in catalog.tables
    text = run("dump", db, "--format", "text")
    assert text.returncode == 0
    assert "table public.t column 0002 note type=text" in text.stdout
    txt = tmp_path / "db.txt"
    assert run("dump", db, "-o", str(txt)).returncode == 0  # .txt picks the text format
    assert txt.read_text() == text.stdout


def test_dump_a_sql_file_and_a_json_dump(scratch_env, tmp_path: Path) -> None:
    sql = tmp_path / "schema.sql"
    sql.write_text("create table widgets (id int primary key, name text not null);\n")
    first = run("dump", str(sql), "-o", str(tmp_path / "a.json"))
    assert first.returncode == 0, first.stderr
    again = run("dump", str(tmp_path / "a.json"))
    assert again.returncode == 0
    assert again.stdout == (tmp_path / "a.json").read_text()


def test_libpq_environment_is_honoured(db: str, pg18: ScratchServer) -> None:
    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(db)
    env = {"PGHOST": parts["host"], "PGUSER": parts["user"], "PGDATABASE": parts["dbname"]}
    proc = run("dump", "postgresql://", "--format", "text", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "table public.t" in proc.stdout


# ------------------------------------------------------------------ bad input


def test_unreachable_host(tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    proc = run("dump", "postgresql://nobody:s3cret-pw@127.0.0.1:1/app", "-o", str(out))
    assert_one_line_error(proc, "cannot connect to nobody@127.0.0.1:1/app")
    assert "s3cret-pw" not in proc.stderr + proc.stdout
    assert not out.exists()


@pytest.fixture
def password_server(pg18: ScratchServer):
    """pg18 with password authentication for TCP on 127.0.0.1 and a role that needs one."""
    assert pg18.base is not None
    hba = pg18.base / "data" / "pg_hba.conf"
    original = hba.read_text()
    hba.write_text("local all postgres trust\nlocal all all scram-sha-256\n" + original)
    with psycopg.connect(pg18.admin_dsn(), autocommit=True) as conn:
        conn.execute("select pg_reload_conf()")
        conn.execute("drop role if exists alice")
        conn.execute("create role alice login password 'right-horse'")
    yield pg18
    hba.write_text(original)
    with psycopg.connect(pg18.admin_dsn(), autocommit=True) as conn:
        conn.execute("select pg_reload_conf()")
        conn.execute("drop role alice")


def test_wrong_password(password_server: ScratchServer, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    dsn = f"host={password_server.base} user=alice password=battery-staple dbname=postgres"
    proc = run("dump", dsn, "-o", str(out))
    assert_one_line_error(proc, "password authentication failed", "alice")
    assert "battery-staple" not in proc.stderr + proc.stdout
    assert not out.exists()
    ok = run("dump", dsn.replace("battery-staple", "right-horse"), "-o", str(out))
    assert ok.returncode == 0, ok.stderr


def test_missing_database(pg18: ScratchServer, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    proc = run("dump", pg18.dsn("no_such_db"), "-o", str(out))
    assert_one_line_error(proc, 'database "no_such_db" does not exist')
    assert not out.exists()


def test_sql_file_with_a_syntax_error_names_file_and_line(scratch_env, tmp_path: Path) -> None:
    sql = tmp_path / "broken.sql"
    sql.write_text("create table ok (id int);\n\ncreate tabel nope (id int);\n")
    out = tmp_path / "x.json"
    proc = run("dump", str(sql), "-o", str(out))
    assert_one_line_error(proc, f"{sql}:3:", "syntax error")
    assert not out.exists()


def test_missing_sql_file(tmp_path: Path) -> None:
    proc = run("dump", str(tmp_path / "nope.sql"))
    assert_one_line_error(proc, "nope.sql: no such file")


def test_sql_file_needing_a_role(scratch_env, tmp_path: Path) -> None:
    sql = tmp_path / "roles.sql"
    sql.write_text("create table t (id int);\ngrant select on t to report_reader_x;\n")
    proc = run("dump", str(sql))
    assert_one_line_error(proc, "report_reader_x", "--create-roles")
    ok = run("dump", str(sql), "--create-roles", "--format", "text")
    assert ok.returncode == 0, ok.stderr
    assert "table public.t" in ok.stdout
    with psycopg.connect(scratch_env.admin_dsn(), autocommit=True) as conn:
        login = conn.execute("select rolcanlogin from pg_roles where rolname = %s",
                             ("report_reader_x",)).fetchone()
        assert login == (False,)
        conn.execute("drop role report_reader_x")


def test_truncated_json(tmp_path: Path) -> None:
    good = (DUMPS / "kitchen_sink.json").read_text()
    bad = tmp_path / "cut.json"
    bad.write_text(good[: len(good) // 2])
    out = tmp_path / "x.txt"
    proc = run("dump", str(bad), "-o", str(out))
    assert_one_line_error(proc, "cut.json", "not valid JSON", "truncated")
    assert not out.exists()


def test_invalid_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": "world"}')
    assert_one_line_error(run("dump", str(bad)), "not a schemaparity dump")
    bad.write_text("not json at all")
    assert_one_line_error(run("dump", str(bad)), "not valid JSON")


def test_unknown_format_version(tmp_path: Path) -> None:
    data = json.loads((DUMPS / "kitchen_sink.json").read_text())
    data["format_version"] = 99
    bad = tmp_path / "future.json"
    bad.write_text(json.dumps(data))
    out = tmp_path / "x.txt"
    assert_one_line_error(run("dump", str(bad), "-o", str(out)), "format_version 99")
    assert not out.exists()


def test_unknown_field_in_a_dump(tmp_path: Path) -> None:
    data = json.loads((DUMPS / "kitchen_sink.json").read_text())
    data["objects"]["tables"]["app.orders"]["colour"] = "blue"
    bad = tmp_path / "odd.json"
    bad.write_text(json.dumps(data))
    assert_one_line_error(run("dump", str(bad)), "unknown field 'colour'")


def test_unknown_format_option(tmp_path: Path) -> None:
    out = tmp_path / "x.out"
    proc = run("dump", str(DUMPS / "kitchen_sink.json"), "--format", "yaml", "-o", str(out))
    assert_one_line_error(proc, "yaml")
    assert not out.exists()


def test_source_of_unknown_kind() -> None:
    assert_one_line_error(run("dump", "schema.yaml"), "cannot tell what")


def test_failed_dump_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "keep.json"
    out.write_text("previous")
    proc = run("dump", "postgresql://u@127.0.0.1:1/x", "-o", str(out))
    assert proc.returncode == 2
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


def test_verbose_logs_without_the_password(db: str) -> None:
    proc = run("-v", "dump", db + " password=hunter2-secret", "--format", "text")
    assert proc.returncode == 0, proc.stderr
    assert "[catalog] tables:" in proc.stderr and "connecting to" in proc.stderr
    assert "hunter2-secret" not in proc.stderr + proc.stdout
    quiet = run("-q", "dump", db, "--format", "text")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_diff_of_two_live_databases(db: str, pg18: ScratchServer) -> None:
    other = pg18.create_database()
    try:
        with psycopg.connect(pg18.dsn(other), autocommit=True) as conn:
            conn.execute("create table t (id int primary key, note varchar(10))")
        proc = run("diff", db, pg18.dsn(other))
        assert proc.returncode == 1, proc.stderr
        assert "public.t.note  type: text -> character varying(10)" in proc.stdout
        assert run("diff", db, db).returncode == 0
    finally:
        pg18.drop_database(other)


def _items(report: str) -> list[dict]:
    return [item for check in json.loads(report)["checks"] for item in check["items"]]


def test_live_to_live_diff_reports_what_the_dumps_report(pg18: ScratchServer,
                                                          tmp_path: Path) -> None:
    """Two live databases are read by two processes and only their differing objects are
    built; the changes are exactly those of the same pair diffed from full dumps."""
    from schemaparity.source import load_sql

    names = [pg18.create_database() for _ in range(2)]
    try:
        dsns = [pg18.dsn(n) for n in names]
        for dsn, src in zip(dsns, ("agent_platform_oss.sql", "agent_platform_cloud.sql"),
                            strict=True):
            load_sql(pg18, dsn, DUMPS / src)
        files = [tmp_path / "oss.json", tmp_path / "cloud.json"]
        for dsn, path in zip(dsns, files, strict=True):
            assert run("dump", dsn, "-o", str(path)).returncode == 0
        live = run("diff", *dsns, "--format", "json")
        dumped = run("diff", *map(str, files), "--format", "json")
        assert live.returncode == dumped.returncode == 1, live.stderr
        assert _items(live.stdout) == _items(dumped.stdout)
        assert len(_items(live.stdout)) > 20
        same = run("diff", dsns[0], dsns[0])
        assert same.returncode == 0 and "no differences" in same.stdout.lower()
    finally:
        for n in names:
            pg18.drop_database(n)


def test_live_to_live_diff_with_an_unreachable_side(db: str) -> None:
    """The right side is read in a helper process; its failure is still one line, exit 2."""
    proc = run("diff", db, "postgresql://nobody:secret@127.0.0.1:1/none")
    assert_one_line_error(proc, "cannot connect to nobody@127.0.0.1:1/none")
    assert "secret" not in proc.stderr


def test_live_to_live_diff_ignores_owners_and_statistics(pg18: ScratchServer) -> None:
    """Rows are compared before objects are built: fields a diff does not look at (owners,
    ACLs, the planner's row estimate) must not make equal objects look different."""
    names = [pg18.create_database() for _ in range(2)]
    try:
        dsns = [pg18.dsn(n) for n in names]
        for i, dsn in enumerate(dsns):
            with psycopg.connect(dsn, autocommit=True) as conn:
                if i:
                    conn.execute("create role sp_other_owner")
                conn.execute("create table t (id int primary key, note text)")
                conn.execute("create view v as select id from t")
                if i:
                    conn.execute("alter table t owner to sp_other_owner")
                    conn.execute("grant select on t to public")
                    conn.execute("insert into t select g, 'x' from generate_series(1, 500) g")
                    conn.execute("analyze t")
        proc = run("diff", *dsns)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        from schemaparity.livepair import live_pair

        left, right = live_pair(*dsns)
        built = [k for cat in (left, right) for objs in cat.objects().values() for k in objs]
        assert built == [], f"equal objects were built: rows differed: {built}"
        with psycopg.connect(dsns[1], autocommit=True) as conn:
            conn.execute("alter table t add column extra int")
        changed = run("diff", *dsns)
        assert changed.returncode == 1 and "public.t.extra" in changed.stdout
    finally:
        for n in names:
            pg18.drop_database(n)
        with psycopg.connect(pg18.dsn("postgres"), autocommit=True) as conn:
            conn.execute("drop role if exists sp_other_owner")


def test_live_to_live_diff_builds_only_changed_columns(pg18: ScratchServer,
                                                       tmp_path: Path) -> None:
    """A table that differs on both sides is built with only its differing columns when no
    column moved, and whole when one did; the report is that of the two dumps either way,
    with and without an ignored column in the middle of a table."""
    from schemaparity.livepair import live_pair

    ddl = ["create table t (a int, b int, c text, d date)",
           "create table u (a int, b int, c int)",
           "create table v (a int, x int, b int, c int)"]
    other = ["create table t (a int, b bigint, c text, d date, e int)",
             "create table u (a int, c int, b int)",
             "create table v (a int, b int, c bigint)"]
    names = [pg18.create_database() for _ in range(2)]
    try:
        dsns = [pg18.dsn(n) for n in names]
        for dsn, stmts in zip(dsns, (ddl, other), strict=True):
            with psycopg.connect(dsn, autocommit=True) as conn:
                for stmt in stmts:
                    conn.execute(stmt)
        left, right = live_pair(*dsns)
        assert [c.name for c in left.tables["table:public.t"].columns] == ["b"]
        assert [c.name for c in right.tables["table:public.t"].columns] == ["b", "e"]
        assert [c.name for c in right.tables["table:public.u"].columns] == ["a", "c", "b"]
        files = [tmp_path / "l.json", tmp_path / "r.json"]
        for dsn, path in zip(dsns, files, strict=True):
            assert run("dump", dsn, "-o", str(path)).returncode == 0
        for extra in ([], ["-i", "column:public.v.x"]):
            live = run("diff", *dsns, "--format", "json", *extra)
            dumped = run("diff", *map(str, files), "--format", "json", *extra)
            assert live.returncode == dumped.returncode == 1, live.stderr
            assert _items(live.stdout) == _items(dumped.stdout)
            assert any(i["kind"] == "column_order" for i in _items(live.stdout))
    finally:
        for n in names:
            pg18.drop_database(n)


def test_live_to_live_diff_across_major_versions(pg15: ScratchServer, pg18: ScratchServer,
                                                 tmp_path: Path) -> None:
    """PostgreSQL 15 and 18 print view text differently and the reader evens that out, so
    rows alone cannot tell equal objects there: the live pair must still agree with the
    diff of the two servers' dumps."""
    from schemaparity.source import load_sql

    servers = (pg15, pg18)
    names = [srv.create_database() for srv in servers]
    try:
        dsns = [srv.dsn(n) for srv, n in zip(servers, names, strict=True)]
        for srv, dsn in zip(servers, dsns, strict=True):
            load_sql(srv, dsn, DUMPS / "kitchen_sink.sql")
        files = [tmp_path / "15.json", tmp_path / "18.json"]
        for dsn, path in zip(dsns, files, strict=True):
            assert run("dump", dsn, "-o", str(path)).returncode == 0
        live = run("diff", *dsns, "--format", "json")
        dumped = run("diff", *map(str, files), "--format", "json")
        assert live.returncode == dumped.returncode, live.stderr
        assert _items(live.stdout) == _items(dumped.stdout)
    finally:
        for srv, n in zip(servers, names, strict=True):
            srv.drop_database(n)
