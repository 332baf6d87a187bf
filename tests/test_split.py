"""The statement splitter that replaces psql for `.sql` sources: psql's rules, no psql.

Examples for each rule, then a hypothesis property against a real server: statements built
from every kind of quoting (with semicolons, quotes, backslashes and comment markers inside)
split back into exactly those statements, and the server, given each one alone on the
extended protocol (which refuses a second statement), returns exactly the values they were
built from — so where a literal ends, the splitter and the server agree, also after the file
turns ``standard_conforming_strings`` off.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemaparity.scratch import ScratchServer
from schemaparity.scratch.split import MetaCommand, SplitError, split


def texts(sql: str, std: bool = True) -> list[str]:
    return [s.text for s in split(sql, lambda: std)]


@pytest.mark.parametrize(("sql", "expected"), [
    ("select 1; select 2", ["select 1;", "select 2"]),
    ("select 'a;b'; select 'it''s;'", ["select 'a;b';", "select 'it''s;'"]),
    ("select E'a\\';b'; select 1", ["select E'a\\';b';", "select 1"]),
    ("select 'a\\'; select 1", ["select 'a\\';", "select 1"]),
    ("select $$x;y$$; select $f$ $$; $f$;", ["select $$x;y$$;", "select $f$ $$; $f$;"]),
    ("select a$b$c from t; select $1;", ["select a$b$c from t;", "select $1;"]),
    ('select 1 as "x;""y"; select 2', ['select 1 as "x;""y";', "select 2"]),
    ("select 1 -- ; comment\n; select 2", ["select 1 -- ; comment\n;", "select 2"]),
    ("/* a /* b; */ c; */ select 1;", ["select 1;"]),
    ("/*/*/ x; */ y; */ select 1;", ["select 1;"]),
    ("select (1; 2); select 3", ["select (1; 2);", "select 3"]),
    ("select U&'d\\0061t;a', B'01', X'1F', N'x;y'; select 1",
     ["select U&'d\\0061t;a', B'01', X'1F', N'x;y';", "select 1"]),
    ("select 1e'x;'; select 2", ["select 1e'x;';", "select 2"]),
    ("create function f() returns int begin atomic select 1; select case when true then 1 "
     "end; end; select 4;", ["create function f() returns int begin atomic select 1; select "
                             "case when true then 1 end; end;", "select 4;"]),
    ("create or replace procedure p() begin atomic select 1; end; select 2;",
     ["create or replace procedure p() begin atomic select 1; end;", "select 2;"]),
    ("begin; select 1; end;", ["begin;", "select 1;", "end;"]),
    ("  \n-- only a comment\n", []),
])
def test_statements_end_where_psql_ends_them(sql: str, expected: list[str]) -> None:
    assert texts(sql) == expected


def test_standard_conforming_strings_off_makes_backslash_an_escape() -> None:
    assert texts("select 'a\\'; select 1'; select 2", std=False) == [
        "select 'a\\'; select 1';", "select 2"]


def test_lines_and_first_words() -> None:
    stmts = list(split("\n\nCREATE  Extension x;\n/* c */ COMMENT ON EXTENSION x IS 'y';\n"))
    assert [(s.line, s.words[:3]) for s in stmts] == [
        (3, ("create", "extension", "x")), (4, ("comment", "on", "extension"))]


@pytest.mark.parametrize(("sql", "line", "command"), [
    ("select 1;\n\\! id\n", 2, "\\!"),
    ("select 1 \\g", 1, "\\g"),
    ("select 1;\n  \\o /tmp/x\n", 2, "\\o"),
    ("\\set v `id`", 1, "\\set"),
    ("select 1\n\\restrict key\n;", 2, "\\restrict"),  # only between statements
    ("select 1 \\; select 2;", 1, "\\;"),
    ("\\", 1, "\\"),
])
def test_meta_commands_are_refused_with_their_line(sql: str, line: int, command: str) -> None:
    with pytest.raises(MetaCommand) as err:
        texts(sql)
    assert (err.value.line, err.value.command) == (line, command)


def test_backslashes_in_quotes_comments_and_copy_data_are_not_commands() -> None:
    sql = ("select '\\!', $$\\!$$, \"\\!\"; -- \\!\n/* \\! */\n\\restrict k\n"
           "copy t from stdin;\n\\! id\n\\.\n\\unrestrict k\n")
    stmts = list(split(sql))
    assert [s.text for s in stmts] == ["select '\\!', $$\\!$$, \"\\!\";", "copy t from stdin;"]
    assert stmts[1].copy_data == "\\! id\n"


def test_copy_data_runs_to_its_terminator_or_the_end() -> None:
    stmts = list(split("COPY t (a) FROM STDIN WITH (FORMAT csv);\r\n1,\"x;y\"\r\n\\.\r\n"
                       "select 1;\ncopy u from stdin;\nlast"))
    assert [s.copy_data for s in stmts] == ['1,"x;y"\r\n', None, "last"]
    assert stmts[1].line == 4
    assert list(split("copy (select 1 from stdin) to stdout;"))[0].copy_data is None


def test_text_after_copy_from_stdin_on_its_line_is_refused() -> None:
    with pytest.raises(SplitError) as err:
        texts("copy t from stdin; select 1;\n\\.\n")
    assert err.value.line == 1


# ---------------------------------------------------------------- property, on a real server

CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
CONTENT = st.text(CHARS, max_size=12)
TRICKY = st.text(st.sampled_from(list(";'\"$\\-/*()\n eE")), max_size=12)


@st.composite
def literal(draw: Callable, std: bool) -> tuple[str, str]:  # type: ignore[type-arg]
    """(SQL text, its value) for one string literal in any of the quoting styles."""
    value = draw(st.one_of(CONTENT, TRICKY))
    style = draw(st.sampled_from(["plain", "e", "dollar"]))
    if style == "plain":
        body = value.replace("'", "''") if std else value.replace("\\", "\\\\").replace(
            "'", "''")
        return f"'{body}'", value
    if style == "e":
        return "E'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'", value
    tag = draw(st.sampled_from(["", "q", "x_1"]))
    if f"${tag}$" in value or value.endswith("$"):
        value = value.replace("$", "")
    return f"${tag}${value}${tag}$", value


@st.composite
def gap(draw: Callable) -> str:  # type: ignore[type-arg]
    """Whitespace and comments between tokens (comments hold ; ' \\ and markers too)."""
    kind = draw(st.sampled_from(["space", "line", "block", "nested"]))
    text = draw(TRICKY).replace("\n", " ")
    if kind == "space":
        return draw(st.sampled_from([" ", "\n", "\t ", " \r\n "]))
    if kind == "line":
        return f" --{text}\n"
    inner = text.replace("/", "").replace("*", "")  # "/*/*/" opens twice: no comment end
    return f" /* {inner} */ " if kind == "block" else f" /* a /* {inner} */ b */ "


@st.composite
def script(draw: Callable) -> tuple[str, list[str], list[tuple[str, ...] | None]]:  # type: ignore[type-arg]
    """A file of SELECTs of literals (some in parentheses), maybe toggling the setting."""
    std, pieces, stmts, values = True, [], [], []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.integers(0, 4)) == 0:
            std = not std
            stmt = f"SET standard_conforming_strings = {'on' if std else 'off'};"
            stmts.append(stmt)
            values.append(None)
        else:
            cols = draw(st.lists(literal(std), min_size=1, max_size=3))
            parts = [f"(SELECT {sql})" if draw(st.booleans()) else sql for sql, _ in cols]
            stmt = "SELECT " + ("," + draw(gap())).join(parts) + ";"
            stmts.append(stmt)
            values.append(tuple(v for _, v in cols))
        pieces.append(stmt + draw(gap()))
    return "".join(pieces), stmts, values


@settings(max_examples=200, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=script())
def test_split_agrees_with_the_server(case, pg18: ScratchServer) -> None:  # type: ignore[no-untyped-def]
    text, expected, values = case
    with psycopg.connect(pg18.admin_dsn(), autocommit=True) as conn:
        conn.execute("SET escape_string_warning = off")
        std = lambda: conn.info.parameter_status("standard_conforming_strings") != "off"  # noqa: E731
        got = []
        for stmt in split(text, std):
            row = conn.execute(stmt.text, prepare=True).fetchone() if stmt.starts("select") \
                else conn.execute(stmt.text, prepare=True) and None
            got.append((stmt.text, row))
    assert [t for t, _ in got] == expected
    assert [r for _, r in got] == values
