"""The differ, case by case: tests/cases/<name>/{a.sql, b.sql, expected.txt, case.toml}.

Each folder holds two tiny schemas; both are loaded into throwaway databases on a real
server, dumped, diffed (``a`` -> ``b``) and the text report is compared byte for byte with
``expected.txt``. The reverse diff (``b`` -> ``a``) must find as many changes.

``case.toml`` is optional:

* ``description = "..."``  what the case shows (for the reader);
* ``server = "pg15"``      a case that needs pgcrypto / ICU runs on Debian's PostgreSQL 15
  (the default is the embedded PostgreSQL 18);
* ``ignore = [...]``, ``column_order = "ignore"``, ``rename_schemas = {...}``,
  ``rename_tables = {...}``: the :class:`~schemaparity.normalize.Rules` of the diff;
* ``plan = "text"`` / ``plan_back = "text"``: planning a -> b (both ways / b -> a only) must
  stop with an error containing this text (a change the planner refuses on purpose), see
  ``tests/test_plan_cases.py``; ``backfill = {...}`` / ``backfill_back = {...}``: backfill
  rules for those plans;
* ``xfail = "why"``        a known bug of the differ: ``expected.txt`` is written by hand and
  says what the diff should be; the case fails until the bug is fixed, then (strict xfail)
  asks for this line to go.

``SCHEMAPARITY_UPDATE_EXPECTED=1`` (re)writes ``expected.txt`` of every case but the xfail
ones instead of comparing: read each one afterwards, it is the statement of what the case
means.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from schemaparity.catalog import DumpOptions
from schemaparity.diff import diff
from schemaparity.normalize import Rules
from schemaparity.parity import from_diff
from schemaparity.report.render import to_text
from schemaparity.source import catalog_from_sql

CASES_DIR = Path(__file__).resolve().parent / "cases"
CASES = sorted(p.parent.name for p in CASES_DIR.glob("*/a.sql"))
UPDATE = os.environ.get("SCHEMAPARITY_UPDATE_EXPECTED") == "1"
SERVERS = ("pg18", "pg15")
CASE_KEYS = {"description", "server", "ignore", "column_order", "rename_schemas",
             "rename_tables", "xfail", "plan", "plan_back", "backfill", "backfill_back"}


def read_case(name: str) -> dict:
    path = CASES_DIR / name / "case.toml"
    spec = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
    unknown = set(spec) - CASE_KEYS
    assert not unknown, f"{path}: unknown keys {sorted(unknown)}"
    assert spec.get("server", "pg18") in SERVERS, f"{path}: server must be one of {SERVERS}"
    return spec


def rules_of(spec: dict, reverse: bool = False) -> Rules:
    schemas = spec.get("rename_schemas") or {}
    tables = spec.get("rename_tables") or {}
    if reverse:  # renames apply to the left side: turn them around for b -> a
        schemas = {v: k for k, v in schemas.items()}
        tables = {v: k for k, v in tables.items()}
    return Rules.make(ignore=spec.get("ignore", ()), rename_schemas=schemas,
                      rename_tables=tables, column_order=spec.get("column_order", "report"))


def test_cases_are_found_and_complete() -> None:
    assert len(CASES) >= 60
    for name in CASES:
        folder = CASES_DIR / name
        assert (folder / "b.sql").exists(), f"{name}: no b.sql"
        assert (UPDATE and "xfail" not in read_case(name)) or (folder / "expected.txt").exists(), (
            f"{name}: no expected.txt (run with SCHEMAPARITY_UPDATE_EXPECTED=1, then read it)")
    strays = {p.name for p in CASES_DIR.iterdir() if p.is_dir()} - set(CASES)
    assert not strays, f"case folders without a.sql: {sorted(strays)}"


@pytest.mark.parametrize("name", CASES)
def test_case(name: str, request: pytest.FixtureRequest) -> None:
    spec = read_case(name)
    if "xfail" in spec:
        request.applymarker(pytest.mark.xfail(reason=spec["xfail"], strict=True))
    server = request.getfixturevalue(spec.get("server", "pg18"))
    folder = CASES_DIR / name
    a = catalog_from_sql(folder / "a.sql", server, DumpOptions(), create_roles=True)
    b = catalog_from_sql(folder / "b.sql", server, DumpOptions(), create_roles=True)
    forward = diff(a, b, rules_of(spec), "a", "b")
    text = to_text(from_diff(forward))
    expected = folder / "expected.txt"
    if UPDATE and "xfail" not in spec:
        expected.write_text(text, "utf-8")
    else:
        assert text == expected.read_text("utf-8"), f"{name}: the diff is not expected.txt"
    backward = diff(b, a, rules_of(spec, reverse=True), "b", "a")
    assert len(backward.changes) == len(forward.changes), (
        f"{name}: a -> b has {len(forward.changes)} changes, b -> a has "
        f"{len(backward.changes)}:\n{to_text(from_diff(backward))}")
