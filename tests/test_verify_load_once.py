"""``verify`` loads a ``.sql`` SOURCE once: the database it was loaded into to be dumped is
the scratch copy the plan runs on (PostgreSQL 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemaparity import api, source, verify
from schemaparity.plan import PlanOptions, build
from schemaparity.plan.render import to_sql
from schemaparity.scratch import ScratchServer

A = "create table t (id int primary key, name text);\n"
B = "create table t (id int primary key, name text, note text);\n"


def test_a_sql_source_is_loaded_once_and_the_plan_lands(pg18: ScratchServer, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    a, b = tmp_path / "a.sql", tmp_path / "b.sql"
    a.write_text(A)
    b.write_text(B)
    pair = api.read_pair(str(a), str(b), server=pg18, whole=True)
    text = to_sql(build(pair.left, pair.right, PlanOptions())).text
    loads: list[str] = []
    real = source.load_sql

    def counting(server, dsn, path, create_roles=False):  # type: ignore[no-untyped-def]
        loads.append(Path(path).name)
        return real(server, dsn, path, create_roles)

    monkeypatch.setattr(source, "load_sql", counting)
    monkeypatch.setattr(verify, "load_sql", counting)
    before = set(_databases(pg18))
    result = api.verify(text, str(a), str(b), server=pg18, seed_rows=5,
                        scratch=api.ScratchOptions(cache=False))
    assert result.ok and result.rows and result.rows[0].kept == 5
    assert sorted(loads) == ["a.sql", "b.sql"]  # each file once: a.sql is the scratch copy
    assert set(_databases(pg18)) == before  # and it is dropped afterwards


def _databases(server: ScratchServer) -> list[str]:
    import psycopg

    with psycopg.connect(server.admin_dsn()) as conn:
        return [r[0] for r in conn.execute("SELECT datname FROM pg_database").fetchall()]
