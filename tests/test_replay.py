"""The replay trap: a schema run through pg_dump and loaded again must diff to nothing.

PostgreSQL stores expressions as trees and prints them back in its own words; printed text
that is loaded again can come back in other words (``role IN ('a', 'b')`` on a varchar
column is stored as ``= ANY ((ARRAY[...])::text[])`` and, replayed once, as
``= ANY (ARRAY[(...)::text, ...])``). A differ that compares the printed text then never
converges: every replay of a dump is a "change". Here every example under dumps/ is
loaded, dumped with pg_dump, loaded from that dump into a second database, and both
databases are dumped with schemaparity: the diff must be empty.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from schemaparity import model as m
from schemaparity import sqlite
from schemaparity.catalog import DumpOptions, dump
from schemaparity.diff import diff
from schemaparity.parity import from_diff
from schemaparity.report.render import to_text
from schemaparity.scratch import ScratchServer
from schemaparity.source import load_sql, needed_extensions

from .conftest import DUMPS

# (a SQLite example is tested in test_sqlite*)
EXAMPLES = sorted(p.stem for p in DUMPS.glob("*.sql") if not sqlite.declared(p))
ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}


def pg_dump(server: ScratchServer, dbname: str, catalog: m.Catalog) -> str:
    """``pg_dump --schema-only`` of a database, plus the rows of its version tables.

    pg_dump 15.14+ / 17.6+ / 18 write ``\\restrict KEY`` ... ``\\unrestrict KEY`` around the
    script; the psql that loads it comes from the same bin directory
    (:meth:`ScratchServer.psql`), knows both commands, so the text is loaded as it is.
    """
    exe = server.bindir / "pg_dump" if server.bindir else None
    if exe is None or not exe.exists():
        pytest.skip(f"no pg_dump beside the {server.backend} server's binaries")
    base = [str(exe), "--no-owner", "--no-privileges", "-d", server.dsn(dbname)]
    out = subprocess.run([*base, "--schema-only"], capture_output=True, text=True, env=ENV,
                         check=True).stdout
    tables = [f"--table={sql.Identifier(v.schema, v.name).as_string(None)}"
              for v in catalog.version_tables.values()]
    if tables:  # pg_dump fails when no table matches, so only when there are some
        out += subprocess.run([*base, "--data-only", *tables], capture_output=True, text=True,
                              env=ENV, check=True).stdout
    return out


def replay(server: ScratchServer, source: Path, tmp_path: Path) -> tuple[m.Catalog, m.Catalog,
                                                                           str]:
    """Load ``source``, pg_dump it, load the dump elsewhere; both catalogs and the dump."""
    first, second = server.create_database(), server.create_database()
    try:
        load_sql(server, server.dsn(first), source, create_roles=True)
        with psycopg.connect(server.dsn(first)) as conn:
            original = dump(conn, DumpOptions())
        text = pg_dump(server, first, original)
        dumped = tmp_path / f"{source.stem}.pg_dump.sql"
        dumped.write_text(text, "utf-8")
        load_sql(server, server.dsn(second), dumped, create_roles=True)
        with psycopg.connect(server.dsn(second)) as conn:
            replayed = dump(conn, DumpOptions())
    finally:
        server.drop_database(first)
        server.drop_database(second)
    return original, replayed, text


@pytest.mark.parametrize("backend", ["pg15", "pg18"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_replayed_example_diffs_to_nothing(name: str, backend: str, tmp_path: Path,
                                           request: pytest.FixtureRequest) -> None:
    server: ScratchServer = request.getfixturevalue(backend)
    source = DUMPS / f"{name}.sql"
    missing = needed_extensions(source.read_text("utf-8")) - server.available_extensions
    if missing:
        pytest.skip(f"{name} needs {', '.join(sorted(missing))}, which PostgreSQL "
                    f"{server.major_version} ({server.backend}) does not ship")
    original, replayed, _ = replay(server, source, tmp_path)
    assert len(original) == len(replayed) > 0
    d = diff(original, replayed, None, name, f"{name} replayed")
    assert d.identical, to_text(from_diff(d))


TRAP = """\
CREATE TABLE accounts (
    id integer PRIMARY KEY,
    role varchar(10) NOT NULL DEFAULT 'viewer',
    CONSTRAINT accounts_role_check CHECK (role IN ('admin', 'viewer'))
);
CREATE INDEX accounts_admin_idx ON accounts (id) WHERE role IN ('admin', 'owner');
"""


def test_the_trap_is_real_and_schemaparity_does_not_fall_in(server, tmp_path: Path) -> None:
    """After one replay the printed CHECK and index predicate differ from the original,
    yet the diff is empty; a second replay prints them as the first did (a fixed point)."""
    source = tmp_path / "trap.sql"
    source.write_text(TRAP, "utf-8")
    original, once, text = replay(server, source, tmp_path)
    key = "constraint:public.accounts.accounts_role_check"
    before, after = original.constraints[key].definition, once.constraints[key].definition
    assert before != after, "PostgreSQL printed the replayed CHECK as before: no trap here"
    assert "(ARRAY['admin'::character varying, 'viewer'::character varying])::text[]" in before
    assert "ARRAY[('admin'::character varying)::text, ('viewer'::character varying)::text]" \
        in after
    assert before in text  # pg_dump prints what the server prints; loading it changes it
    idx = "index:public.accounts.accounts_admin_idx"
    assert original.indexes[idx].definition != once.indexes[idx].definition
    assert original.indexes[idx].predicate != once.indexes[idx].predicate
    assert diff(original, once).identical, to_text(from_diff(diff(original, once)))

    again = tmp_path / "once.sql"
    again.write_text(text, "utf-8")
    _, twice, _ = replay(server, again, tmp_path)
    assert twice.constraints[key].definition == after
    assert diff(once, twice).identical
