"""A ``.sql`` file of SQLite DDL, loaded into an in-memory database and read back.

Nothing but DDL is ever executed from a schema file: each statement must be ``CREATE TABLE``,
``CREATE [UNIQUE] INDEX``, ``CREATE VIEW`` or ``CREATE TRIGGER`` (``BEGIN``/``COMMIT`` around
them are skipped); anything else (``ATTACH``, ``PRAGMA``, ``INSERT``, ``SELECT
load_extension(...)``, a virtual table...) is refused in one line naming the file and line,
before anything runs. An authorizer on the connection denies the same things again, and
extensions cannot be loaded. The database lives in memory: no file is written.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from schemaparity import model as m
from schemaparity.errors import SourceError
from schemaparity.sqlite.parse import tokens
from schemaparity.sqlite.reader import build, read_raw

if TYPE_CHECKING:  # the catalog package imports psycopg: not at run time
    from schemaparity.catalog.options import DumpOptions

_LEAD = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?(?:\*/|$))*", re.S)
_ALLOWED = re.compile(
    r"create\s+(?:table|(?:unique\s+)?index|view|trigger)\b", re.I)
_SKIPPED = re.compile(r"(?:begin|commit|end)(?:\s+(?:deferred\s+|immediate\s+|exclusive\s+)?"
                      r"transaction)?\s*;?\s*$", re.I)
_TEMP = re.compile(r"create\s+(?:temp|temporary)\b", re.I)
_CREATE_TABLE = re.compile(r"create\s+table\b", re.I)


def _as_select(stmt: str) -> bool:
    """``CREATE TABLE name AS SELECT ...``: an AS before any column list."""
    for tok in tokens(stmt):
        if tok.kind == "group":
            return False
        if tok.up == "AS":
            return True
    return False

# what DDL needs: creating objects (and SQLite's own bookkeeping in sqlite_schema)
_DENIED = {sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH, sqlite3.SQLITE_PRAGMA,
           sqlite3.SQLITE_ANALYZE, sqlite3.SQLITE_TRANSACTION, sqlite3.SQLITE_SAVEPOINT,
           sqlite3.SQLITE_CREATE_VTABLE, sqlite3.SQLITE_CREATE_TEMP_TABLE,
           sqlite3.SQLITE_CREATE_TEMP_INDEX, sqlite3.SQLITE_CREATE_TEMP_VIEW,
           sqlite3.SQLITE_CREATE_TEMP_TRIGGER}
_WRITES = {sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE}
_BOOKKEEPING = {"sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_sequence"}


def _authorize(action: int, arg1: str | None, arg2: str | None, db: str | None,
               trigger: str | None) -> int:
    if action in _DENIED:
        return sqlite3.SQLITE_DENY
    if action in _WRITES and trigger is None and (arg1 or "").lower() not in _BOOKKEEPING:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() == "load_extension":
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def statements(text: str) -> list[tuple[int, str]]:
    """(line, statement) for each complete statement of ``text``, comments kept."""
    out: list[tuple[int, str]] = []
    start = 0
    for at in (i for i, ch in enumerate(text) if ch == ";"):
        piece = text[start:at + 1]
        if sqlite3.complete_statement(piece):
            out.append((start, piece))
            start = at + 1
    rest = text[start:]
    if _LEAD.fullmatch(rest) is None:
        out.append((start, rest))
    lines = []
    for offset, piece in out:
        lead = _LEAD.match(piece)
        skip = lead.end() if lead else 0
        if skip < len(piece) and piece[skip:].strip() not in ("", ";"):
            lines.append((text.count("\n", 0, offset + skip) + 1, piece[skip:]))
    return lines


def check_statement(where: str, stmt: str) -> bool:
    """True for a statement to run, False for one to skip; raises for anything else."""
    if _SKIPPED.match(stmt):
        return False
    if _TEMP.match(stmt):
        raise SourceError(f"{where}: temporary objects are not part of a schema")
    if _CREATE_TABLE.match(stmt) and _as_select(stmt):
        raise SourceError(f"{where}: CREATE TABLE ... AS SELECT runs a query; a schema file "
                          "only declares tables")
    if not _ALLOWED.match(stmt):
        words = re.findall(r"[A-Za-z_]+", stmt)[:2] or ["?"]
        first = " ".join(words if words[0].upper() == "CREATE" else words[:1]).upper()
        raise SourceError(f"{where}: {first} is not allowed in a SQLite schema file (only "
                          "CREATE TABLE, INDEX, VIEW and TRIGGER are run)")
    return True


def _in_memory(path: Path) -> sqlite3.Connection:
    """An in-memory database made by the DDL of ``path`` (checked before anything runs)."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read: {exc}") from None
    todo = [(line, stmt) for line, stmt in statements(text)
            if check_statement(f"{path}:{line}", stmt)]
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.set_authorizer(_authorize)
        for line, stmt in todo:
            try:
                conn.execute(stmt)
            except (sqlite3.Error, sqlite3.Warning) as exc:
                raise SourceError(f"{path}:{line}: {exc}") from None
        conn.set_authorizer(None)
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn


def load_ddl(path: Path, options: DumpOptions | None = None) -> m.Catalog:
    """The catalog a file of SQLite DDL makes, built in memory, nothing else executed."""
    conn = _in_memory(path)
    try:
        return build(read_raw(conn, str(path), options))
    finally:
        conn.close()


def build_database(path: Path, target: Path) -> None:
    """Write the database a file of SQLite DDL makes to ``target`` (replaced atomically)."""
    conn = _in_memory(path)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        out = sqlite3.connect(partial)
        try:
            conn.backup(out)
        finally:
            out.close()
        partial.replace(target)
    finally:
        conn.close()
        partial.unlink(missing_ok=True)
