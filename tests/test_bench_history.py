"""``scripts/bench history`` reads every version of a schema file from a git history,
including one where the file was deleted and later added again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from bench_history import versions  # noqa: E402 - the scripts folder is not a package


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t",
                    *args], check=True, capture_output=True)


def _commit(repo: Path, text: str | None, message: str) -> None:
    path = repo / "db" / "structure.sql"
    if text is None:
        _git(repo, "rm", "-q", "db/structure.sql")
    else:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        _git(repo, "add", "db/structure.sql")
    _git(repo, "commit", "-q", "-m", message)


def test_a_deleted_file_is_skipped_and_its_return_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _commit(repo, "CREATE TABLE a (id int);\n", "one")
    _commit(repo, "CREATE TABLE a (id bigint);\n", "two")
    _commit(repo, None, "gone")
    _commit(repo, "CREATE TABLE a (id int);\n", "back as it was")  # a content seen before
    _commit(repo, "CREATE TABLE b (id int);\n", "three")
    work = tmp_path / "work"
    work.mkdir()
    found = versions(repo, "db/structure.sql", work)
    assert [v.file.read_text() for v in found] == [
        "CREATE TABLE a (id int);\n", "CREATE TABLE a (id bigint);\n",
        "CREATE TABLE b (id int);\n"]
