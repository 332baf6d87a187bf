"""Load a `.sql` file into a scratch database: statement by statement over psycopg.

psql never sees a source file, so nothing in it is a meta-command (see :mod:`.split`: a
backslash command is refused with its line). The file runs as a role made for the load, which
owns the throwaway database and nothing else: no superuser, so ``COPY ... PROGRAM``,
``pg_read_file()``, ``lo_import()`` and ``ALTER SYSTEM`` fail like any other error, naming the
file and line. Statements about extensions (``CREATE|ALTER|DROP EXTENSION``, ``COMMENT ON
EXTENSION``), and only those the file names, run as the superuser at their place in the file,
each on its own (the extended protocol takes one statement, never a second one hidden in it).
``ALTER ... OWNER TO <a superuser>`` becomes ``OWNER TO CURRENT_USER``. After the load what the
role owns is handed to the superuser and the role is dropped, so the catalog reads as if the
superuser had loaded the file.

Event triggers need a superuser too: their statements (which never fire an event trigger
themselves) run as the superuser like those about extensions. An event trigger runs its
function as whoever runs the DDL, so while the superuser runs any other DDL (an extension
statement, dropping the loading role) the file's event triggers are disabled, and put back as
they were after it. A ``login`` event trigger would run the file's code as every role that
connects, the superuser reading the dump included: it is refused, naming its line.

Speed: runs of the role's ordinary DDL (``CREATE``, ``ALTER``, ``COMMENT``, ``GRANT``,
``REVOKE``, ``DROP``; never COPY, a superuser statement, transaction control, a statement that
refuses a transaction block, nor while the file has its own transaction open) go to the server
as one simple-query text in a transaction of their own, up to :data:`BATCH_STATEMENTS`
statements or :data:`BATCH_BYTES`. When a batch fails it is rolled back and its statements run
again one by one, so the failure names the same line and the outcome is the one statement by
statement gives (``ALTER TYPE ... ADD VALUE`` then a use of the value passes as before).
Batched statements run as the same role as the others, so they can do nothing more.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from schemaparity import feedback
from schemaparity.errors import SourceError
from schemaparity.scratch.split import MetaCommand, SplitError, Statement, split

EVENT_TRIGGER = (("create", "event", "trigger"), ("alter", "event", "trigger"),
                 ("drop", "event", "trigger"), ("comment", "on", "event", "trigger"))
AS_SUPERUSER = (("create", "extension"), ("alter", "extension"), ("drop", "extension"),
                ("comment", "on", "extension"), *EVENT_TRIGGER)
_LOGIN = ("an event trigger on login is not loaded from a .sql source: it would run the "
          "file's code as every role that connects, the superuser included")
_OWNER_TO = re.compile(r'\bOWNER\s+TO\s+("(?:[^"]|"")+"|[A-Za-z_][\w$]*)\s*;?\s*\Z', re.I)
_NO_RIGHTS = " (.sql sources are loaded without superuser rights)"
BATCHED = ("create", "alter", "comment", "grant", "revoke", "drop")
NO_TRANSACTION = (("create", "database"), ("drop", "database"), ("alter", "database"),
                  ("create", "tablespace"), ("drop", "tablespace"), ("alter", "tablespace"),
                  ("alter", "system"), ("create", "subscription"), ("alter", "subscription"),
                  ("drop", "subscription"))
BATCH_STATEMENTS = 200
BATCH_BYTES = 1 << 20
_CONCURRENTLY = re.compile(r"\bconcurrently\b", re.I)
_STD_CHANGED = ("standard_conforming_strings changed inside a run of DDL statements loaded "
                "together, so the statements after it may have been split wrongly; set it with "
                "SET in its own statement")


class StdChanged(Exception):
    """``standard_conforming_strings`` changed while a batch ran (by a function its DDL called):
    the statements split after the change may have been split with the wrong setting."""


class LoginTrigger(Exception):
    """The file made an event trigger on ``login`` (disabled at once): the load stops."""


@dataclass(frozen=True)
class LoadFailure:
    """The statement a load stopped on: its line in the file and the server's message (with
    its DETAIL when there is one)."""

    line: int | None
    message: str


class _Session:
    """The two connections of one load: the loading role's and the superuser's."""

    def __init__(self, dsn: str, roles: set[str], password: bool) -> None:
        options = conninfo_to_dict(dsn).get("options") or ""
        self.su = psycopg.connect(make_conninfo(dsn, options=f"{options} -c lock_timeout=60s"),
                                  autocommit=True)
        self.role: str | None = None
        try:
            rows = self.su.execute("SELECT rolname FROM pg_roles WHERE rolsuper").fetchall()
            self.superusers = {r[0] for r in rows}
            if self.su.info.parameter_status("is_superuser") != "on":
                self.conn = self.su  # already without superuser rights: load as we are
                return
            self.role, secret = self._make_role(roles, password)
            self.conn = psycopg.connect(make_conninfo(dsn, user=self.role, password=secret),
                                        autocommit=True)
        except BaseException:
            self.close()
            raise

    def _make_role(self, roles: set[str], password: bool) -> tuple[str, str | None]:
        """A role that owns the database (and acts as ``roles``), in one round trip."""
        role = f"schemaparity_load_{uuid.uuid4().hex[:12]}"
        secret = secrets.token_hex(24) if password else None
        ident = sql.Identifier(role)
        make = [sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                        "NOBYPASSRLS PASSWORD {}").format(ident, sql.Literal(secret)),
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                    sql.Identifier(self.su.info.dbname), ident)]
        make += [sql.SQL("GRANT {} TO {}").format(sql.Identifier(name), ident)
                 for name in sorted(roles - self.superusers)]
        self.su.execute(sql.SQL("; ").join(make))
        return role, secret

    def close(self, aborted: bool = False) -> None:
        """Close both connections and drop the role (its objects go to the superuser).
        ``aborted``: we are unwinding (an exception, a signal), maybe while the loading role's
        statement still runs: end its backend first, so nothing waits on its locks."""
        conn = getattr(self, "conn", None)
        if aborted and conn is not None and conn is not self.su and not self.su.closed:
            with contextlib.suppress(psycopg.Error):
                self.su.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))
        if conn is not None and conn is not self.su:
            conn.close()
        if self.role is not None and not self.su.closed:
            ident = sql.Identifier(self.role)
            try:
                with self._quiet():
                    self.su.execute(sql.SQL("REASSIGN OWNED BY {0} TO CURRENT_USER; "
                                            "DROP OWNED BY {0}; DROP ROLE {0}").format(ident))
            except psycopg.Error as exc:
                feedback.log.debug("dropping the loading role %s: %s", self.role, exc)
        self.su.close()

    def run(self, stmt: Statement) -> None:
        if stmt.copy_data is not None:
            with self.conn.cursor() as cur, cur.copy(stmt.text) as copy:
                copy.write(stmt.copy_data)
        elif self.role is not None and any(stmt.starts(*w) for w in AS_SUPERUSER):
            path = self.conn.execute("SELECT current_setting('search_path')").fetchone()
            self.su.execute("SELECT set_config('search_path', %s, false)", path)
            if any(stmt.starts(*w) for w in EVENT_TRIGGER):  # fires no event trigger
                self.su.execute(stmt.text, prepare=True)  # one statement, never two
                self._no_login()
            else:
                with self._quiet():
                    self.su.execute(stmt.text, prepare=True)
        else:
            self.conn.execute(self._owner_to(stmt), prepare=False)

    def batchable(self, stmt: Statement) -> bool:
        """Whether ``stmt`` may run in a batch: ordinary DDL of the role, a transaction block
        allowed, the file's own transaction not open."""
        return (stmt.copy_data is None and stmt.words[:1] != () and stmt.words[0] in BATCHED
                and not any(stmt.starts(*w) for w in AS_SUPERUSER + NO_TRANSACTION)
                and _CONCURRENTLY.search(stmt.text) is None
                and self.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE)

    def run_batch(self, batch: list[Statement]) -> None:
        """The statements as one simple-query text in one transaction (rolled back when one
        fails). :class:`StdChanged` when ``standard_conforming_strings`` changed meanwhile."""
        std = self.std_strings()
        text = "\n".join(self._owner_to(s) + ("" if s.text.endswith(";") else "\n;")
                         for s in batch)
        with self.conn.transaction():
            self.conn.execute(text, prepare=False)
            if self.std_strings() != std:
                raise StdChanged(_STD_CHANGED)

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """The database's enabled event triggers disabled while the superuser runs DDL (they
        would run the file's functions with its rights), then put back as they were."""
        rows = self.su.execute("SELECT evtname, evtenabled FROM pg_catalog.pg_event_trigger "
                               "WHERE evtenabled <> 'D' ORDER BY evtname").fetchall()
        for name, _ in rows:
            self.su.execute(sql.SQL("ALTER EVENT TRIGGER {} DISABLE").format(
                sql.Identifier(name)))
        try:
            yield
        finally:
            states = {"O": "ENABLE", "R": "ENABLE REPLICA", "A": "ENABLE ALWAYS"}
            left = {r[0] for r in self.su.execute(
                "SELECT evtname FROM pg_catalog.pg_event_trigger").fetchall()}
            for name, state in rows:
                if name in left:
                    self.su.execute(sql.SQL("ALTER EVENT TRIGGER {} " + states[state]).format(
                        sql.Identifier(name)))

    def _no_login(self) -> None:
        """Refuse (and at once disable) an enabled event trigger on ``login``."""
        rows = self.su.execute("SELECT evtname FROM pg_catalog.pg_event_trigger "
                               "WHERE evtevent = 'login' AND evtenabled <> 'D'").fetchall()
        for (name,) in rows:
            self.su.execute(sql.SQL("ALTER EVENT TRIGGER {} DISABLE").format(
                sql.Identifier(name)))
        if rows:
            raise LoginTrigger(_LOGIN)

    def _owner_to(self, stmt: Statement) -> str:
        """``ALTER ... OWNER TO <superuser>`` as ``OWNER TO CURRENT_USER``: what the role owns
        goes to the superuser at the end, and the role may not act as a superuser."""
        match = _OWNER_TO.search(stmt.text) if stmt.starts("alter") else None
        if match is None or self.role is None:
            return stmt.text
        name = match.group(1)
        name = name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()
        if name not in self.superusers:
            return stmt.text
        return stmt.text[:match.start(1)] + "CURRENT_USER" + stmt.text[match.end(1):]

    def note(self, stmt: Statement) -> str:
        """Why a statement run as the superuser may not see what the file did just before."""
        if self.conn is self.su or not any(stmt.starts(*w) for w in AS_SUPERUSER):
            return ""
        if self.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            return ""
        what = "event trigger" if any(stmt.starts(*w) for w in EVENT_TRIGGER) else "extension"
        return f" ({what} statements run as the superuser, outside the file's transaction)"

    def std_strings(self) -> bool:
        return self.conn.info.parameter_status("standard_conforming_strings") != "off"


def _failure(stmt: Statement, exc: psycopg.Error, note: str) -> LoadFailure:
    diag = exc.diag
    message = diag.message_primary or str(exc).strip().split("\n")[0] or type(exc).__name__
    message += note
    if diag.message_detail:
        message += f" ({diag.message_detail.splitlines()[0]})"
    if diag.sqlstate == "42501":
        message += _NO_RIGHTS
    offset = None
    if diag.statement_position:
        offset = int(diag.statement_position) - 1
    elif diag.internal_position and diag.internal_query:
        found = stmt.text.find(diag.internal_query)
        offset = found + int(diag.internal_position) - 1 if found >= 0 else None
    line = stmt.line + (stmt.text[:offset].count("\n") if offset else 0)
    return LoadFailure(line, message)


def load_text(dsn: str, text: str, label: str, roles: set[str] | None = None,
              password: bool = True) -> LoadFailure | None:
    """Run the SQL ``text`` (from file ``label``) into the database ``dsn`` names (connected
    as a superuser, or as a role without its rights); None when every statement ran.

    ``roles``: roles the loading role may act as (made for this file by --create-roles);
    ``password``: whether the loading role needs one to log in (not on our own servers).
    A psql meta-command is a :class:`SourceError` naming ``label``, its line and the command.
    """
    session = _Session(dsn, roles or set(), password)
    try:
        failure = _run(session, text, label)
    except BaseException:
        session.close(aborted=True)
        raise
    session.close()
    return failure


def _run(session: _Session, text: str, label: str) -> LoadFailure | None:
    batch: list[Statement] = []
    size = 0
    try:
        for stmt in split(text, session.std_strings):
            if session.batchable(stmt):
                batch.append(stmt)
                size += len(stmt.text)
                if len(batch) < BATCH_STATEMENTS and size < BATCH_BYTES:
                    continue
                failure = _run_batch(session, batch)
            else:
                failure = _run_batch(session, batch) or _run_one(session, stmt)
            if failure is not None:
                return failure
            batch, size = [], 0
        return _run_batch(session, batch)
    except MetaCommand as exc:
        raise SourceError(f"{label}:{exc.line}: psql meta-command {exc.command} refused: a "
                          ".sql source may hold only SQL (it is not run by psql)") from None
    except SplitError as exc:
        raise SourceError(f"{label}:{exc.line}: {exc.message}") from None


def _run_batch(session: _Session, batch: list[Statement]) -> LoadFailure | None:
    """Run the pending ``batch``: together when they all pass, else one by one (rolled back
    first) so the failure and the outcome are those of running them one by one."""
    if len(batch) > 1:
        try:
            session.run_batch(batch)
            return None
        except StdChanged as exc:
            return LoadFailure(batch[0].line, str(exc))
        except psycopg.Error as exc:
            feedback.log.debug("batch from line %d rolled back (%s): one by one",
                               batch[0].line, exc)
    for stmt in batch:
        failure = _run_one(session, stmt)
        if failure is not None:
            return failure
    return None


def _run_one(session: _Session, stmt: Statement) -> LoadFailure | None:
    try:
        session.run(stmt)
    except psycopg.Error as exc:
        return _failure(stmt, exc, session.note(stmt))
    except LoginTrigger as exc:
        return LoadFailure(stmt.line, str(exc))
    return None
