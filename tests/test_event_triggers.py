"""Event triggers in .sql sources: they need a superuser, and run their function as whoever
runs DDL, so loading a file must never let the superuser run the file's code."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemaparity.catalog import DumpOptions
from schemaparity.errors import SourceError
from schemaparity.scratch import ScratchServer
from schemaparity.source import catalog_from_sql, load_sql

# fires on every DDL command, and fails when a superuser runs it
GUARD = """CREATE FUNCTION public.guard() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'the superuser ran the file''s code';
  END IF;
END $$;
CREATE EVENT TRIGGER guard ON ddl_command_start EXECUTE FUNCTION public.guard();
CREATE EVENT TRIGGER guard_always ON sql_drop EXECUTE FUNCTION public.guard();
ALTER EVENT TRIGGER guard_always ENABLE ALWAYS;
CREATE EVENT TRIGGER guard_off ON ddl_command_end EXECUTE FUNCTION public.guard();
ALTER EVENT TRIGGER guard_off DISABLE;
CREATE TABLE t (id int);
DROP TABLE t;
CREATE EXTENSION btree_gist;
COMMENT ON EVENT TRIGGER guard IS 'no superuser';
"""


def test_a_files_event_triggers_never_run_as_the_superuser(pg18: ScratchServer,
                                                           tmp_path: Path) -> None:
    """The file's own DDL fires them (as the loading role); the superuser's (an extension
    statement, dropping the loading role) does not, and their states come back as the file
    left them."""
    path = tmp_path / "guard.sql"
    path.write_text(GUARD)
    cat = catalog_from_sql(path, pg18, DumpOptions())
    got = {et.name: (et.event, et.enabled, et.function, et.comment)
           for et in cat.event_triggers.values()}
    assert got == {"guard": ("ddl_command_start", "origin", "public.guard", "no superuser"),
                   "guard_always": ("sql_drop", "always", "public.guard", None),
                   "guard_off": ("ddl_command_end", "disabled", "public.guard", None)}


@pytest.mark.parametrize("tags", ["", " WHEN TAG IN ('CREATE TABLE')"])
def test_the_files_own_ddl_fires_its_event_triggers(pg18: ScratchServer, tmp_path: Path,
                                                    tags: str) -> None:
    path = tmp_path / "own.sql"
    path.write_text("CREATE FUNCTION public.no_ddl() RETURNS event_trigger LANGUAGE plpgsql "
                    "AS $$ BEGIN RAISE EXCEPTION 'no DDL here'; END $$;\n"
                    f"CREATE EVENT TRIGGER no_ddl ON ddl_command_start{tags} "
                    "EXECUTE FUNCTION public.no_ddl();\nCREATE TABLE t (id int);\n")
    with pg18.database() as dsn, pytest.raises(SourceError) as err:
        load_sql(pg18, dsn, path)
    assert str(err.value) == f"{path}:3: no DDL here"


def test_an_event_trigger_on_login_is_refused(pg18: ScratchServer, tmp_path: Path) -> None:
    """It would run the file's code as whoever connects next (the dump's superuser)."""
    path = tmp_path / "login.sql"
    path.write_text("CREATE FUNCTION public.hello() RETURNS event_trigger LANGUAGE plpgsql "
                    "AS $$ BEGIN NULL; END $$;\n\n"
                    "CREATE EVENT TRIGGER hello ON login EXECUTE FUNCTION public.hello();\n")
    with pg18.database() as dsn, pytest.raises(SourceError) as err:
        load_sql(pg18, dsn, path)
    assert str(err.value) == (
        f"{path}:3: an event trigger on login is not loaded from a .sql source: it would run "
        "the file's code as every role that connects, the superuser included")


def test_the_schema_filters_keep_the_event_triggers_of_the_functions_they_keep(
        pg18: ScratchServer, tmp_path: Path) -> None:
    path = tmp_path / "two.sql"
    path.write_text("CREATE SCHEMA a;\nCREATE SCHEMA b;\n" + "".join(
        f"CREATE FUNCTION {s}.f() RETURNS event_trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN NULL; END $$;\n"
        f"CREATE EVENT TRIGGER et_{s} ON sql_drop EXECUTE FUNCTION {s}.f();\n" for s in "ab"))
    kept = {opts: sorted(catalog_from_sql(path, pg18, opts).event_triggers)
            for opts in (DumpOptions(), DumpOptions(schemas=("a",)),
                         DumpOptions(exclude_schemas=("a",)))}
    assert list(kept.values()) == [["event_trigger:et_a", "event_trigger:et_b"],
                                   ["event_trigger:et_a"], ["event_trigger:et_b"]]
