"""The cache of .sql dumps: a re-run on unchanged files starts no server, a changed byte gives
a new dump, a damaged entry is never served, --no-cache bypasses it (see schemaparity.cache)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from schemaparity import api, source
from schemaparity.cli import cli
from schemaparity.scratch import ScratchServer
from schemaparity.source import ScratchOptions

EMBEDDED = ScratchOptions("embedded")
LEFT = "CREATE TABLE public.t (id integer PRIMARY KEY, name text);\n"
RIGHT = "CREATE TABLE public.t (id integer PRIMARY KEY, name text, note text);\n"


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.json")) if cache.exists() else []


def _no_server(*_args: object, **_kw: object) -> None:
    raise AssertionError("a scratch server was started although the dumps are cached")


def test_rerun_on_unchanged_files_starts_no_server(
        tmp_path: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a.sql", tmp_path / "b.sql"
    a.write_text(LEFT)
    b.write_text(RIGHT)
    first = api.diff(str(a), str(b), scratch=EMBEDDED)
    assert len(_entries(own_cache)) == 2
    monkeypatch.setattr(source, "scratch_for", _no_server)
    again = api.diff(str(a), str(b), scratch=EMBEDDED)
    assert again.changes == first.changes and again.changes
    plan = api.plan(str(a), str(b), scratch=EMBEDDED)  # the planner's pair too
    assert any("ADD COLUMN" in s.sql for s in plan.steps)


def test_a_changed_byte_gives_a_new_dump(tmp_path: Path, own_cache: Path,
                                         pg18: ScratchServer) -> None:
    path = tmp_path / "s.sql"
    path.write_text(LEFT)
    before = api.dump(str(path), server=pg18)
    path.write_text(LEFT.replace("name text", "name_ text"))
    after = api.dump(str(path), server=pg18)
    assert [c.name for c in before.tables["table:public.t"].columns] == ["id", "name"]
    assert [c.name for c in after.tables["table:public.t"].columns] == ["id", "name_"]
    assert len(_entries(own_cache)) == 2


def test_a_damaged_entry_is_ignored_and_written_again(tmp_path: Path, own_cache: Path,
                                                      pg18: ScratchServer) -> None:
    path = tmp_path / "s.sql"
    path.write_text(LEFT)
    api.dump(str(path), server=pg18)
    [entry] = _entries(own_cache)
    good = entry.read_text()
    entry.write_text(good.replace('"name"', '"evil"'))  # still valid JSON, wrong content
    again = api.dump(str(path), server=pg18)
    assert [c.name for c in again.tables["table:public.t"].columns] == ["id", "name"]
    [rewritten] = _entries(own_cache)
    assert rewritten.read_text() == good


def test_no_cache_neither_reads_nor_writes(tmp_path: Path, own_cache: Path,
                                           scratch_env: ScratchServer) -> None:
    path = tmp_path / "s.sql"
    path.write_text(LEFT)
    out = tmp_path / "out.json"
    runner = CliRunner()
    result = runner.invoke(cli, ["dump", "--no-cache", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _entries(own_cache) == []
    result = runner.invoke(cli, ["dump", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(_entries(own_cache)) == 1


def test_a_dsn_scratch_server_is_known_without_the_driver(
        tmp_path: Path, own_cache: Path, scratch_env: ScratchServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With SCHEMAPARITY_SCRATCH_DSN the cache key names that server's major version, asked
    by psql: a re-run on unchanged files neither starts nor connects a driver; a server that
    cannot be asked (unreachable, or a password psql would prompt for) predicts nothing."""
    import subprocess
    import sys

    from schemaparity import cache

    assert cache.predicted_server(None, None) == cache.server_id(
        "dsn", None, scratch_env.major_version)
    a, b = tmp_path / "a.sql", tmp_path / "b.sql"
    a.write_text(LEFT)
    b.write_text(RIGHT)
    first = api.diff(str(a), str(b))
    assert len(_entries(own_cache)) == 2
    probe = ("import sys\nfrom schemaparity.cli import main\ntry:\n    main(sys.argv[1:])\n"
             "except SystemExit as e:\n    print('exit', e.code, 'psycopg' in sys.modules)\n")
    out = tmp_path / "d.txt"
    proc = subprocess.run([sys.executable, "-c", probe, "diff", str(a), str(b), "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.stdout.split()[-3:] == ["exit", "1", "False"], proc.stderr
    assert "note" in out.read_text("utf-8") and first.changes
    cache._dsn_major.cache_clear()  # noqa: SLF001 - asked again under another DSN
    monkeypatch.setenv("SCHEMAPARITY_SCRATCH_DSN", "host=/nonexistent port=1 user=nobody")
    assert cache.predicted_server(None, None) is None
