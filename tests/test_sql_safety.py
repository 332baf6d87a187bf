"""Hostile `.sql` sources: nothing in a schema file runs outside the throwaway database.

Each fixture under tests/sql/hostile/ tries one way out: a psql meta-command (a shell, a file
written or read) or a superuser-only server feature (a program, a server file). Loading one
is refused with one line naming file:line, exit 2, and its marker file never appears. The
control tests show the markers would appear if psql or a superuser ran the same files, so
these tests can fail.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from schemaparity.errors import SourceError
from schemaparity.scratch import ScratchServer
from schemaparity.source import load_sql

from .test_cli import assert_one_line_error, run

HOSTILE = Path(__file__).parent / "sql" / "hostile"
PSQL_REFUSED = {  # fixture: (line, meta-command)
    "shell": (3, "\\!"), "output": (3, "\\o"), "copy_to": (4, "\\copy"),
    "set_backtick": (1, "\\set"), "include": (3, "\\i"), "midline": (3, "\\!"),
}
SERVER_REFUSED = {  # fixture: (line, what the server says)
    "copy_program": (3, "pg_execute_server_program"), "copy_to_file": (3, "COPY to a file"),
    "read_file": (2, "permission denied for function pg_read_file"),
    "lo_import": (2, "permission denied for function lo_import"),
    "alter_system": (2, "permission denied to set parameter"),
}


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory every user may write to: the server's OS user could leave a marker here."""
    path = Path(tempfile.mkdtemp(prefix="sp-hostile-"))
    path.chmod(0o777)
    yield path
    subprocess.run(["rm", "-rf", str(path)], check=True)


def instantiate(name: str, where: Path) -> tuple[Path, Path]:
    """The fixture with its placeholders filled in: the file and its marker path."""
    marker = where / f"{name}.marker"
    included = where / "included.sql"
    included.write_text(f"\\! touch {marker}\n", "utf-8")
    text = (HOSTILE / f"{name}.sql").read_text("utf-8")
    path = where / f"{name}.sql"
    path.write_text(text.replace("@MARKER@", str(marker)).replace("@INCLUDED@", str(included)),
                    "utf-8")
    return path, marker


def test_every_fixture_is_covered() -> None:
    assert {p.stem for p in HOSTILE.glob("*.sql")} == set(PSQL_REFUSED) | set(SERVER_REFUSED)


@pytest.mark.parametrize("name", sorted(PSQL_REFUSED))
def test_meta_commands_are_refused_and_never_run(name: str, scratch_env: ScratchServer,
                                                 shared_dir: Path) -> None:
    path, marker = instantiate(name, shared_dir)
    line, command = PSQL_REFUSED[name]
    proc = run("dump", str(path))
    assert_one_line_error(proc, f"{path}:{line}:", f"meta-command {command} refused")
    assert not marker.exists()


@pytest.mark.parametrize("name", sorted(SERVER_REFUSED))
def test_superuser_features_are_refused(name: str, scratch_env: ScratchServer,
                                        shared_dir: Path) -> None:
    path, marker = instantiate(name, shared_dir)
    line, says = SERVER_REFUSED[name]
    proc = run("dump", str(path))
    assert_one_line_error(proc, f"{path}:{line}:", says, "without superuser rights")
    assert not marker.exists()


@pytest.mark.parametrize("name", ["shell", "set_backtick", "include"])
def test_control_psql_would_have_run_them(name: str, pg18: ScratchServer,
                                          shared_dir: Path) -> None:
    psql = pg18.psql()
    if psql is None:
        pytest.skip("no psql to show what it would do")
    path, marker = instantiate(name, shared_dir)
    with pg18.database() as dsn:
        subprocess.run([psql, "-X", "-q", "-d", dsn, "-f", str(path)], capture_output=True,
                       env={"PATH": "/usr/bin:/bin"}, timeout=60)
    assert marker.exists()


def test_control_a_superuser_would_have_run_a_program(pg18: ScratchServer,
                                                      shared_dir: Path) -> None:
    path, marker = instantiate("copy_program", shared_dir)
    statement = path.read_text("utf-8").splitlines()[-1]
    with pg18.database() as dsn, psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (line text)")
        conn.execute(statement)
    assert marker.exists()


def test_loading_role_is_gone_and_objects_belong_to_the_superuser(pg18: ScratchServer,
                                                                  tmp_path: Path) -> None:
    sql = tmp_path / "owned.sql"
    sql.write_text("CREATE TABLE t (id int);\nALTER TABLE t OWNER TO postgres;\n"
                   "CREATE VIEW v AS SELECT id FROM t;\nGRANT SELECT ON v TO PUBLIC;\n")
    with pg18.database() as dsn:
        load_sql(pg18, dsn, sql)
        with psycopg.connect(dsn) as conn:
            owners = conn.execute("SELECT relname, relowner::regrole::text, relacl::text "
                                  "FROM pg_class WHERE relname IN ('t', 'v') ORDER BY 1")
            assert owners.fetchall() == [("t", "postgres", None),
                                         ("v", "postgres", "{postgres=arwdDxtm/postgres,"
                                                           "=r/postgres}")]
            db_owner = conn.execute("SELECT datdba::regrole::text FROM pg_database "
                                    "WHERE datname = current_database()").fetchone()
            assert db_owner == ("postgres",)
            left = conn.execute("SELECT rolname FROM pg_roles "
                                "WHERE rolname LIKE 'schemaparity_load_%'").fetchall()
    assert left == []


def test_extensions_run_as_the_superuser_where_the_file_puts_them(pg18: ScratchServer,
                                                                  tmp_path: Path) -> None:
    """btree_gist is not a trusted extension: only the superuser may create it. The file's
    search_path decides its schema, as it would under psql; inside BEGIN it works too."""
    sql = tmp_path / "ext.sql"
    sql.write_text("BEGIN;\nCREATE SCHEMA ext;\nCOMMIT;\nSET search_path = ext, public;\n"
                   "CREATE EXTENSION btree_gist;\nCOMMENT ON EXTENSION btree_gist IS 'gist';\n"
                   "BEGIN;\nCREATE TABLE public.r (id int, EXCLUDE USING gist (id WITH =));\n"
                   "COMMIT;\n")
    with pg18.database() as dsn:
        load_sql(pg18, dsn, sql)
        with psycopg.connect(dsn) as conn:
            row = conn.execute("SELECT extnamespace::regnamespace::text, "
                               "obj_description(oid, 'pg_extension') FROM pg_extension "
                               "WHERE extname = 'btree_gist'").fetchone()
    assert row == ("ext", "gist")


def test_an_extension_statement_says_it_runs_outside_the_files_transaction(
        pg18: ScratchServer, tmp_path: Path) -> None:
    """The superuser's connection does not see what the file's open transaction made."""
    sql = tmp_path / "ext_tx.sql"
    sql.write_text("BEGIN;\nCREATE SCHEMA ext;\nCREATE EXTENSION btree_gist SCHEMA ext;\n"
                   "COMMIT;\n")
    with pg18.database() as dsn, pytest.raises(SourceError) as err:
        load_sql(pg18, dsn, sql)
    assert str(err.value) == (f'{sql}:3: schema "ext" does not exist (extension statements '
                              "run as the superuser, outside the file's transaction)")


def test_a_superuser_statement_cannot_smuggle_a_second_one(pg18: ScratchServer,
                                                           shared_dir: Path) -> None:
    """Even if the splitter were fooled, the superuser's connection takes one statement."""
    marker = shared_dir / "smuggled.marker"
    sql = shared_dir / "smuggle.sql"
    sql.write_text("SET standard_conforming_strings = off;\n"
                   f"CREATE EXTENSION btree_gist VERSION 'x\\'; COPY pg_class TO PROGRAM "
                   f"'touch {marker}';\n")
    with pg18.database() as dsn, pytest.raises(SourceError) as err:
        load_sql(pg18, dsn, sql)
    assert f"{sql}:2:" in str(err.value)
    assert not marker.exists()


def test_standard_conforming_strings_is_followed_as_psql_does(pg18: ScratchServer,
                                                              shared_dir: Path) -> None:
    """With the setting off, a backslash escapes the quote: what follows is still the string;
    with it on, the string ends there and the meta-command after it is refused."""
    marker = shared_dir / "std.marker"
    body = f"SELECT 'a\\'; \\! touch {marker}';\nCREATE TABLE after_it (id int);\n"
    off, on = shared_dir / "off.sql", shared_dir / "on.sql"
    off.write_text("SET standard_conforming_strings = off;\n" + body)
    on.write_text(body)
    with pg18.database() as dsn:
        load_sql(pg18, dsn, off)
        with psycopg.connect(dsn) as conn:
            assert conn.execute("SELECT to_regclass('after_it') IS NOT NULL").fetchone()[0]
    with pg18.database() as dsn, pytest.raises(SourceError, match=r"on\.sql:1: .*\\!"):
        load_sql(pg18, dsn, on)
    assert not marker.exists()


def test_copy_data_is_data_and_restrict_lines_are_skipped(pg18: ScratchServer,
                                                          shared_dir: Path) -> None:
    marker = shared_dir / "copy.marker"
    sql = shared_dir / "copy.sql"
    sql.write_text(f"\\restrict abc123\nCREATE TABLE t (v text);\nCOPY t (v) FROM stdin;\n"
                   f"\\! touch {marker}\nplain\n\\.\nINSERT INTO t VALUES ('last');\n"
                   "\\unrestrict abc123\n")
    with pg18.database() as dsn:
        load_sql(pg18, dsn, sql)
        with psycopg.connect(dsn) as conn:
            rows = conn.execute("SELECT v FROM t ORDER BY v").fetchall()
    assert rows == [(f"! touch {marker}",), ("last",), ("plain",)]
    assert not marker.exists()


def test_errors_name_the_line_inside_a_statement(pg18: ScratchServer, tmp_path: Path) -> None:
    sql = tmp_path / "lines.sql"
    sql.write_text("CREATE TABLE a (id int);\n\nCREATE VIEW v AS\n  SELECT id\n  FROM nope;\n")
    with pg18.database() as dsn, pytest.raises(SourceError) as err:
        load_sql(pg18, dsn, sql)
    assert str(err.value).startswith(f"{sql}:5: relation \"nope\" does not exist")


def test_pg_environment_of_the_user_does_not_reach_scratch_servers(tmp_path: Path) -> None:
    """PGPORT & co. are meant for the user's own server; a .sql source loads the same."""
    sql = tmp_path / "env.sql"
    sql.write_text("CREATE TABLE t (id int PRIMARY KEY, note text DEFAULT 'x');\n")
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("PG", "SCHEMAPARITY_SCRATCH"))}
    hostile = {"PGPORT": "6543", "PGHOST": "/nonexistent", "PGUSER": "nobody",
               "PGDATABASE": "nodb", "PGPASSWORD": "secret", "PGHOSTADDR": "192.0.2.1",
               "PGOPTIONS": "-c default_transaction_read_only=on -c search_path=nowhere"}
    plain = subprocess.run([*_cli(), "dump", str(sql), "--scratch", "embedded", "--format",
                            "text"], capture_output=True, text=True, env=base, timeout=300)
    assert plain.returncode == 0, plain.stderr
    odd = subprocess.run([*_cli(), "dump", str(sql), "--scratch", "embedded", "--format",
                          "text", "--no-cache"], capture_output=True, text=True,
                         env={**base, **hostile},
                         timeout=300)
    assert odd.returncode == 0, odd.stderr
    assert odd.stdout == plain.stdout and "table public.t column 0002 note" in odd.stdout


def _cli() -> list[str]:
    import sys

    return [sys.executable, "-m", "schemaparity"]
