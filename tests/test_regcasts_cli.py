"""``::regclass`` and ``::regconfig`` changes (which used to crash canonicalization) are
diffed and planned through the real CLI on a real server: exit 1 with the difference, or a
verified plan, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_cli import run

A_SQL = """\
create sequence a_seq;
create sequence b_seq;
create table docs (
  id bigint not null default nextval('a_seq'::regclass) primary key,
  body text not null
);
create index docs_fts on docs using gin (to_tsvector('english'::regconfig, body));
"""
B_SQL = (A_SQL.replace("nextval('a_seq'::regclass)", "nextval('b_seq'::regclass)")
         .replace("'english'::regconfig", "'simple'::regconfig"))


@pytest.fixture
def regcast_pair(tmp_path: Path) -> tuple[str, str]:
    a, b = tmp_path / "a.sql", tmp_path / "b.sql"
    a.write_text(A_SQL)
    b.write_text(B_SQL)
    return str(a), str(b)


def test_regclass_and_regconfig_changes_are_diffed(scratch_env, regcast_pair) -> None:
    a, b = regcast_pair
    proc = run("diff", a, b)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "b_seq" in proc.stdout and "docs_fts" in proc.stdout, proc.stdout
    same = run("diff", a, a)
    assert same.returncode == 0, same.stdout + same.stderr


def test_regclass_and_regconfig_changes_are_planned_and_verified(scratch_env,
                                                                 regcast_pair) -> None:
    a, b = regcast_pair
    proc = run("plan", a, b, "--allow-hazards", "all", "--verify")
    assert proc.returncode == 0, proc.stderr
    assert "nextval('public.b_seq'::regclass)" in proc.stdout, proc.stdout
    assert "'simple'::regconfig" in proc.stdout, proc.stdout
    refused = run("plan", a, b)  # the index rebuild is a hazard nobody allowed: exit 1
    assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
    assert "docs_fts" in refused.stderr
