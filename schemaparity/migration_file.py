"""What a ``.sql`` file given to ``verify`` is: a schemaparity plan, a migration, or a schema.

A plan starts with schemaparity's header. A migration changes what exists in ways a dump
never writes: DROP, UPDATE, DELETE, TRUNCATE, or an ALTER that drops, renames or changes a
type. A schema creates tables and does none of that (pg_dump's ``ALTER ... OWNER TO``,
``ADD CONSTRAINT``, ``SET DEFAULT``, ``COPY`` and ``INSERT`` data are all schema-like). A
migration that only creates is ``unknown`` here; ``verify`` learns it is a schema when its
first CREATE meets what SOURCE already has. The test reads the statements' first words; it
never runs anything.
"""

from __future__ import annotations

from pathlib import Path

from schemaparity.scratch.split import MetaCommand, SplitError, split

PLAN_HEADER = "-- schemaparity migration plan:"
_CHANGES = frozenset(("drop", "update", "delete", "truncate"))
_ALTERS = frozenset(("drop", "rename"))


def kind_of_text(text: str) -> str:
    """``plan``, ``migration``, ``schema`` (it creates tables and changes nothing), or
    ``unknown``."""
    if text.startswith(PLAN_HEADER):
        return "plan"
    creates_table = False
    try:
        for stmt in split(text):
            words = stmt.words
            if not words:
                continue
            if words[0] in _CHANGES:
                return "migration"
            if words[0] == "alter" and _alters(words):
                return "migration"
            if words[:2] == ("create", "table") or words[:4] == ("create", "unlogged", "table"):
                creates_table = True
    except (MetaCommand, SplitError):
        return "unknown"
    return "schema" if creates_table else "unknown"


def _alters(words: tuple[str, ...]) -> bool:
    """Whether an ALTER drops, renames or retypes (what no dump writes)."""
    retypes = any(w == "type" and words[n - 1] not in ("column", "alter")
                  for n, w in enumerate(words[3:], 3))
    return retypes or any(w in _ALTERS for w in words[2:])


def kind_of_file(path: str) -> str:
    """:func:`kind_of_text` of a file (``unknown`` for one that is not a readable .sql)."""
    if not path.endswith(".sql"):
        return "unknown"
    try:
        return kind_of_text(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return "unknown"


def wrong_order(migration: str, source: str, target: str) -> str | None:
    """One line saying which argument is which, when MIGRATION SOURCE TARGET are not in that
    order (a plan or a migration given as SOURCE or TARGET)."""
    given = {"MIGRATION": migration, "SOURCE": source, "TARGET": target}
    kinds = {name: kind_of_file(arg) for name, arg in given.items()}
    moved = [n for n in ("SOURCE", "TARGET") if kinds[n] in ("plan", "migration")]
    if moved:
        name = moved[0]
        what = "a schemaparity plan" if kinds[name] == "plan" else "a migration"
        return (f"{given[name]!r}, given as {name}, is {what}: the arguments are "
                f"MIGRATION SOURCE TARGET (PLAN_FILE SOURCE TARGET), e.g. schemaparity "
                f"verify {given[name]} {migration if kinds['MIGRATION'] == 'schema' else 'OLD'}"
                f" NEW")
    return None


def not_a_migration(migration: str) -> str:
    """One line for a MIGRATION that is a schema: it creates what SOURCE already has."""
    return (f"{migration!r}, given as MIGRATION, is a schema (it creates tables SOURCE "
            f"already has and changes nothing), not a migration: the arguments are MIGRATION "
            f"SOURCE TARGET; to make the migration use schemaparity plan SOURCE "
            f"{migration} -o migration.sql")
