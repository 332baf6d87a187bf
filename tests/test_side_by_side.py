"""Two .sql sources are loaded side by side: each in its own database of the one scratch
server, by its own unprivileged role, in its own thread; the result is the same."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from schemaparity import source
from schemaparity.scratch import ScratchServer
from schemaparity.source import ScratchOptions, resolve_all


def test_two_sql_sources_load_in_two_threads(tmp_path: Path, pg18: ScratchServer,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a.sql", tmp_path / "b.sql"
    a.write_text("CREATE TABLE public.a (id integer PRIMARY KEY);\n")
    b.write_text("CREATE TABLE public.b (id integer PRIMARY KEY, n text);\n")
    seen: list[tuple[int, str]] = []
    real = source.load_sql

    def recording(server: ScratchServer, dsn: str, path: Path, create_roles: bool = False
                  ) -> None:
        seen.append((threading.get_ident(), dsn))
        real(server, dsn, path, create_roles)

    monkeypatch.setattr(source, "load_sql", recording)
    out = resolve_all({"left": str(a), "right": str(b)}, scratch=ScratchOptions(cache=False),
                      server=pg18)
    assert list(out["left"].tables) == ["table:public.a"]
    assert list(out["right"].tables) == ["table:public.b"]
    assert len(seen) == 2
    assert len({t for t, _ in seen}) == 2 and threading.get_ident() not in {t for t, _ in seen}
    assert seen[0][1] != seen[1][1]  # two databases


def test_create_roles_loads_one_after_the_other(tmp_path: Path, pg18: ScratchServer,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a.sql", tmp_path / "b.sql"
    a.write_text("CREATE TABLE public.a (id integer);\n")
    b.write_text("CREATE TABLE public.b (id integer);\n")
    threads: set[int] = set()
    real = source.load_sql

    def recording(server: ScratchServer, dsn: str, path: Path, create_roles: bool = False
                  ) -> None:
        threads.add(threading.get_ident())
        real(server, dsn, path, create_roles)

    monkeypatch.setattr(source, "load_sql", recording)
    resolve_all({"left": str(a), "right": str(b)},
                scratch=ScratchOptions(create_roles=True, cache=False), server=pg18)
    assert threads == {threading.get_ident()}
