"""Resolve a SOURCE string into a Catalog: a connection string, a ``.sql`` file or a dump.

* ``postgresql://...`` / ``postgres://...`` or a keyword DSN (``host=... dbname=...``); libpq
  environment variables (PGHOST, PGPASSWORD, ...) fill in what is missing;
* ``*.sql``: loaded (statement by statement, never by psql, without superuser rights) into a
  database on a scratch server, then dumped;
* ``*.json``: a dump written by ``schemaparity dump``;
* ``*.db`` / ``*.sqlite`` / ``*.sqlite3`` / ``sqlite:///path``: a SQLite database, read
  read-only, and a ``.sql`` file with ``dialect="sqlite"``: SQLite DDL (:mod:`.sqlite`).

Passwords never appear in messages: connection strings are shown through :func:`redact`.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from schemaparity import cache, dumpfile, feedback, sqlite
from schemaparity import model as m
from schemaparity.catalog import DumpOptions
from schemaparity.errors import ConnectionFailed, SourceError
from schemaparity.psql import PsqlError, run_psql  # noqa: F401 - verify takes them from here

if TYPE_CHECKING:  # the driver and the servers are imported when a database is read
    import psycopg

    from schemaparity.scratch import ScratchServer

T = TypeVar("T")


@dataclass(frozen=True)
class ScratchOptions:
    """How ``.sql`` sources get a server: a backend name, a bin dir, whether to create roles."""

    backend: str | None = None
    pg_bin: str | None = None
    create_roles: bool = False
    dialect: str = "postgresql"  # of .sql sources: "postgresql" or "sqlite"
    cache: bool = True  # keep and reuse the dumps of .sql sources (see schemaparity.cache)


def kind_of(source: str) -> str:
    """``dsn``, ``sql``, ``json`` or ``sqlite``; anything else is a :class:`SourceError`."""
    lower = source.lower()
    if sqlite.is_source(source):
        return "sqlite"
    if lower.startswith(("postgresql://", "postgres://")):
        return "dsn"
    if lower.endswith(".sql"):
        return "sql"
    if lower.endswith(".json"):
        return "json"
    if "=" in source and not Path(source).exists():
        return "dsn"
    raise SourceError(
        f"cannot tell what {redact(source)!r} is: give a postgresql:// URL, a keyword DSN "
        "(host=... dbname=...), a .sql file, a .json dump or a SQLite database")


def redact(dsn: str) -> str:
    """A connection string fit for messages: the password is replaced by ``***``."""
    if re.match(r"^postgres(ql)?://", dsn, re.I):
        dsn = re.sub(r"(://[^:/@?#]*):[^@/?#]*@", r"\1:***@", dsn)
        return re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", dsn)
    return re.sub(r"(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", dsn)


def describe(dsn: str) -> str:
    """``user@host:port/dbname`` for messages, from a DSN plus libpq's defaults."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        d = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return redact(dsn)
    host = d.get("host") or "localhost"
    port = f":{d['port']}" if d.get("port") else ""
    user = f"{d['user']}@" if d.get("user") else ""
    return f"{user}{host}{port}/{d.get('dbname', '')}"


def connect(dsn: str, *, autocommit: bool = False) -> psycopg.Connection:
    """Open a connection; failures become one-line :class:`ConnectionFailed` errors."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        raise SourceError(f"invalid connection string {redact(dsn)!r}") from None
    feedback.log.debug("connecting to %s", describe(dsn))
    try:
        return psycopg.connect(dsn, autocommit=autocommit, connect_timeout=10,
                               application_name="schemaparity")
    except psycopg.OperationalError as exc:
        raise ConnectionFailed(f"cannot connect to {describe(dsn)}: {_reason(exc)}") from None


def _reason(exc: psycopg.Error) -> str:
    text = str(exc).strip()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        line = re.sub(r"^connection failed:\s*", "", line)
        line = re.sub(r'^connection to server (at|on) .*? failed:\s*', "", line)
        line = re.sub(r"^FATAL:\s*", "", line)
        if line:
            return line
    return type(exc).__name__


# ---------------------------------------------------------------- .sql files

_CREATE_EXTENSION = re.compile(
    r'create\s+extension\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[\w-]+)', re.I)
_MISSING_ROLE = re.compile(r'role "(?P<role>(?:[^"]|"")+)" does not exist')
_MISSING_EXT = re.compile(
    r'extension "(?P<ext>[^"]+)" is not available|could not open extension control file '
    r'".*/(?P<ext2>[^/"]+)\.control"')


def needed_extensions(text: str) -> set[str]:
    """Extensions a SQL text creates (``CREATE EXTENSION``), to pick a scratch backend."""
    out = set()
    for match in _CREATE_EXTENSION.finditer(text):
        name = match.group(1)
        if name.startswith('"'):
            name = name[1:-1].replace('""', '"')
        out.add(name.lower() if not match.group(1).startswith('"') else name)
    return out


def load_sql(server: ScratchServer, dsn: str, path: Path, create_roles: bool = False) -> None:
    """Run a .sql file into ``dsn`` statement by statement, never through psql and without
    superuser rights (see ``scratch.load``); errors name file and line."""
    from schemaparity.scratch.load import load_text

    feedback.progress(f"loading {path} ...")
    feedback.log.debug("loading %s into %s", path, describe(dsn))
    text = read_sql_text(path)
    for _attempt in range(50):
        error = load_text(dsn, text, str(path), server.roles_made, server.needs_password)
        if error is None:
            return
        where = f"{path}:{error.line}" if error.line else str(path)
        message = error.message
        role = _MISSING_ROLE.search(message)
        if role and create_roles:
            _create_role(server, role.group("role").replace('""', '"'))
            _reset_database(server, dsn)
            continue
        if role:
            raise SourceError(
                f"{where}: {message}; the scratch server lacks role "
                f"{role.group('role')!r}: pass --create-roles to create missing roles "
                "(NOLOGIN) before loading")
        ext = _MISSING_EXT.search(message)
        if ext:
            name = ext.group("ext") or ext.group("ext2")
            raise SourceError(
                f"{where}: extension {name!r} is not available on the scratch server "
                f"({server.describe()}); choose one that has it with --scratch local "
                "--pg-bin DIR")
        raise SourceError(f"{where}: {message}")
    raise SourceError(f"{path}: too many missing roles")


def _create_role(server: ScratchServer, role: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server.admin_dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    server.roles_made.add(role)


def _reset_database(server: ScratchServer, dsn: str) -> None:
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict

    name = conninfo_to_dict(dsn)["dbname"]
    with psycopg.connect(server.admin_dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(
            sql.Identifier(name)))


def read_sql_text(path: Path) -> str:
    """A .sql source's text; a missing, unreadable or non-UTF-8 file is one line (exit 2)."""
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise SourceError(f"{path}:{line}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x})"
                          ) from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None


@contextlib.contextmanager
def scratch_for(texts: list[str], scratch: ScratchOptions) -> Iterator[ScratchServer]:
    """A scratch server that has every extension the given SQL texts create."""
    from schemaparity.scratch import start_server

    needs: set[str] = set()
    for text in texts:
        needs |= needed_extensions(text)
    server = start_server(scratch.backend, scratch.pg_bin, needs)
    try:
        yield server
    finally:
        server.stop()


def read_live(dsn: str, options: DumpOptions, reader: Callable[..., T] | None = None) -> T:
    """Read one live database with ``reader`` (``catalog.dump``, the default, ``dump_lines``
    or ``dump_raw``) on its connection plus the helper connections it may open."""
    from schemaparity.catalog import read

    with connect(dsn) as conn:
        return (reader or read.dump)(conn, options, lambda: connect(dsn))


def catalog_from_sql(
    path: Path, server: ScratchServer, options: DumpOptions, create_roles: bool = False,
    reader: Callable[..., T] | None = None, keep: str | None = None,
) -> T:
    """Load ``path`` into a fresh database on ``server`` and read it (a Catalog by default);
    with ``keep`` (a cache key) the dump is kept in the cache."""
    with server.database() as dsn:
        load_sql(server, dsn, path, create_roles)
        out = read_live(dsn, options, reader)
    if keep is not None and isinstance(out, m.Catalog | dumpfile.Lines):
        cache.put(keep, dumpfile.to_json(out) if isinstance(out, m.Catalog)
                  else dumpfile.assemble(out))
    return out


def cache_key(text: str, options: DumpOptions, scratch: ScratchOptions,
              server: ScratchServer | None = None) -> str | None:
    """The cache key of a .sql source's dump on ``server`` (or on the server a scratch
    server would be: binaries only); None when caching is off or the server is unknown."""
    sid = (cache.server_id(server.backend, server.bindir, server.major_version) if server
           else cache.predicted_server(scratch.backend, scratch.pg_bin))
    if not scratch.cache or sid is None:
        return None
    return cache.key(text.encode("utf-8"), sid, repr(options), repr(scratch.create_roles),
                     ",".join(sorted(needed_extensions(text))))


def cached_dump(source: str, options: DumpOptions | None = None,
                scratch: ScratchOptions | None = None,
                server: ScratchServer | None = None) -> Path | None:
    """The cached dump (a .json file) of a .sql SOURCE loaded on ``server`` (or on the
    scratch server ``scratch`` would start), if there is one."""
    scratch = scratch or ScratchOptions()
    if not (isinstance(source, str) and kind_of(source) == "sql" and scratch.cache
            and Path(source).is_file()) or is_sqlite(source, "sql", scratch):
        return None
    entry = cache_key(read_sql_text(Path(source)), options or DumpOptions(), scratch, server)
    return cache.get(entry) if entry else None


def is_sqlite(source: str, kind: str, scratch: ScratchOptions) -> bool:
    """A SQLite database, or a .sql file of SQLite DDL (``--dialect sqlite``, or a file that
    starts with the line ``-- dialect: sqlite``)."""
    return kind in ("sqlite", "sql") and sqlite.kind(source, scratch.dialect) == kind


def read_sqlite(source: str, kind: str, options: DumpOptions | None = None) -> m.Catalog:
    """A SQLite database (``kind`` sqlite) or a .sql file of SQLite DDL (``kind`` sql)."""
    if kind == "sql":
        return sqlite.load_ddl(Path(source), options)
    return sqlite.read(source, options)


def resolve(
    source: str,
    options: DumpOptions | None = None,
    scratch: ScratchOptions | None = None,
    server: ScratchServer | None = None,
) -> m.Catalog:
    """Turn one SOURCE string into a Catalog."""
    options = options or DumpOptions()
    scratch = scratch or ScratchOptions()
    kind = kind_of(source)
    if kind == "json":
        return dumpfile.load(source)
    if is_sqlite(source, kind, scratch):
        return read_sqlite(source, kind, options)
    if kind == "sql":
        hit = cached_dump(source, options, scratch, server)
        if hit is not None:
            return dumpfile.load(hit)
        path = Path(source)
        text = read_sql_text(path)
        if server is not None:
            return catalog_from_sql(path, server, options, scratch.create_roles,
                                    keep=cache_key(text, options, scratch, server))
        with scratch_for([text], scratch) as srv:
            return catalog_from_sql(path, srv, options, scratch.create_roles,
                                    keep=cache_key(text, options, scratch, srv))
    return read_live(source, options)


def resolve_lines(source: str, options: DumpOptions | None = None,
                  scratch: ScratchOptions | None = None) -> dumpfile.Lines:
    """:func:`resolve` as canonical JSON lines: a live database or ``.sql`` file is read
    without keeping its objects (see ``catalog.dump_lines``), a dump file is loaded."""
    from schemaparity.catalog import read

    options = options or DumpOptions()
    scratch = scratch or ScratchOptions()
    kind = kind_of(source)
    if kind == "json":
        return dumpfile.lines_of(dumpfile.load(source))
    if is_sqlite(source, kind, scratch):
        return dumpfile.lines_of(read_sqlite(source, kind, options))
    if kind == "sql":
        hit = cached_dump(source, options, scratch)
        if hit is not None:
            return dumpfile.lines_of(dumpfile.load(hit))
        path = Path(source)
        text = read_sql_text(path)
        with scratch_for([text], scratch) as srv:
            return catalog_from_sql(path, srv, options, scratch.create_roles, read.dump_lines,
                                    keep=cache_key(text, options, scratch, srv))
    return read_live(source, options, read.dump_lines)


def resolve_all(
    sources: dict[str, str],
    options: DumpOptions | None = None,
    scratch: ScratchOptions | None = None,
    server: ScratchServer | None = None,
) -> dict[str, m.Catalog]:
    """Resolve several SOURCEs; all .sql files share one scratch server (``server``, or one
    started for them)."""
    scratch = scratch or ScratchOptions()
    for source in sources.values():
        kind_of(source)  # fail fast, before any server starts
    if server is not None:
        return _resolve_each(sources, options, scratch, server, not scratch.create_roles)
    texts = [read_sql_text(Path(s)) for s in sources.values()
             if kind_of(s) == "sql" and not is_sqlite(s, "sql", scratch)
             and cached_dump(s, options, scratch) is None]
    if not texts:
        # live databases are read at the same time: each server works on its own
        # snapshot while the other side's rows are being turned into objects
        live = all(kind_of(s) == "dsn" for s in sources.values())
        return _resolve_each(sources, options, scratch, None, live)
    with scratch_for(texts, scratch) as server:
        return _resolve_each(sources, options, scratch, server, not scratch.create_roles)


def _resolve_each(sources: dict[str, str], options: DumpOptions | None, scratch: ScratchOptions,
                  server: ScratchServer | None, side_by_side: bool) -> dict[str, m.Catalog]:
    """Resolve SOURCEs, with ``side_by_side`` each in its own thread: .sql files each in
    their own database of the one scratch server, loaded by their own role (not when roles
    are to be created: two loads would make the same one)."""
    if len(sources) < 2 or not side_by_side:
        return {name: resolve(s, options, scratch, server=server) for name, s in sources.items()}
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(sources)) as pool:
        futures = {name: pool.submit(resolve, s, options, scratch, server)
                   for name, s in sources.items()}
        return {name: f.result() for name, f in futures.items()}
