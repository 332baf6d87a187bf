"""Canonicalization never crashes: what sqlglot cannot handle compares as the server's text,
whatever sqlglot version pyproject.toml allows (.ci/run also runs this file with the oldest).
The end-to-end diff and plan of these constructs are in test_regcasts_cli.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemaparity.sqltext import canonical_expr

# (a, b, equal?): every pair is canonicalized without an exception, equal spellings stay
# equal and any change of value stays a change.
PAIRS = [
    ("nextval('a_seq'::regclass)", "nextval( 'a_seq'::regclass )", True),
    ("nextval('a_seq'::regclass)", "nextval('b_seq'::regclass)", False),
    ("nextval('a_seq'::regclass)", "nextval('a_seq'::text)", False),
    ("to_tsvector('english'::regconfig, body)", "to_tsvector('english'::regconfig,body)", True),
    ("to_tsvector('english'::regconfig, body)", "to_tsvector('simple'::regconfig, body)", False),
    ("to_tsvector('english'::regconfig, body)", "to_tsvector('english'::regconfig, title)",
     False),
    ("'int4'::regtype", "'int4'::regtype", True),
    ("'int4'::regtype", "'int8'::regtype", False),
    ("'now'::regproc", "'now'::regproc", True),
    ("'now'::regproc", "'lower'::regproc", False),
    ("'public.f'::regprocedure", "'public.g'::regprocedure", False),
    ("'public.t'::regclass::oid", "'public.u'::regclass::oid", False),
    ("(name COLLATE \"C\")", "name COLLATE \"C\"", True),
    ("(name COLLATE \"C\")", "(name COLLATE \"POSIX\")", False),
    ("(a OPERATOR(public.+) b)", "a OPERATOR(public.+) b", True),
    ("(a OPERATOR(public.+) b)", "(a OPERATOR(public.-) b)", False),
    ("(a OPERATOR(public.+) b)", "(a OPERATOR(other.+) b)", False),
    ("tags[1:2]", "(tags[1:2])", True),
    ("tags[1:2]", "tags[1:3]", False),
    ("tags[2]", "tags[1]", False),
    ("ROW(1, 'x'::text)", "ROW(1,'x'::text)", True),
    ("ROW(1, 'x'::text)", "ROW(1, 'y'::text)", False),
    ("ROW(a, b) = ROW(c, d)", "ROW(a, b) = ROW(d, c)", False),
]


@pytest.mark.parametrize(("a", "b", "equal"), PAIRS)
def test_postgres_constructs_compare_as_they_should(a: str, b: str, equal: bool) -> None:
    ca, cb = canonical_expr(a), canonical_expr(b)
    assert isinstance(ca, str) and isinstance(cb, str)
    assert (ca == cb) is equal, (ca, cb)


def test_anything_sqlglot_raises_falls_back_to_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only parse errors: an exception anywhere inside sqlglot gives the server's text."""
    import sqlglot

    def boom(*args: object, **kwargs: object) -> None:
        raise AttributeError("'str' object has no attribute 'name'")

    monkeypatch.setattr(sqlglot, "parse_one", boom)
    text = "lower((name)::text)  /* fallback-marker */"
    assert canonical_expr(text) == "lower((name)::text) /* fallback-marker */"


def test_unparseable_text_compares_with_whitespace_collapsed() -> None:
    assert canonical_expr("a ((( b\n  c") == "a ((( b c"
    assert canonical_expr("a ((( b") != canonical_expr("a ((( c")
    assert canonical_expr(None) is None


TOKENS = st.sampled_from([*"ab01'\"():[],.+-*/<>=!~@#$%^&| \n\\", "::", "regclass",
                          "COLLATE", "OPERATOR(", "ROW(", "ARRAY[", "::regconfig", "E'"])


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=20).map("".join))
def test_canonicalization_never_raises(text: str) -> None:
    assert isinstance(canonical_expr(text), str)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.from_regex(r"(?:-?[0-9]{1,12}(?:\.[0-9]{1,6})?|'[ -&(-\[\]-~]{0,12}'|NULL|TRUE|FALSE"
                     r"|CURRENT_(?:TIMESTAMP|DATE|TIME))"
                     r"|[a-z_][a-z0-9_]{0,8} (?:=|<>|<=|>=|<|>) (?:-?[0-9]{1,6}|'[a-z %]{0,6}'"
                     r"|NULL|TRUE|CURRENT_DATE)", fullmatch=True))
def test_simple_sqlite_expressions_are_printed_as_sqlglot_prints_them(text: str) -> None:
    """The SQLite reader keeps a literal, or a column compared with one, as written without
    loading sqlglot: that must be what sqlglot prints, on every version allowed."""
    from schemaparity.sqlite.expr import SIMPLE, printed_by_sqlglot, sqlite_form

    assert SIMPLE.fullmatch(text)
    assert sqlite_form(text) == printed_by_sqlglot(text)


@pytest.mark.parametrize("text", ["0x10", "x != 1", "upper(name)", "X = 1", "'é'", "1 + 1",
                                  "current_timestamp", "'a\\b'"])
def test_other_sqlite_expressions_go_through_sqlglot(text: str) -> None:
    from schemaparity.sqlite.expr import SIMPLE

    assert not SIMPLE.fullmatch(text)
