"""Canonical expressions: equal things compare equal, a real change never disappears."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemaparity.sqltext import canonical_expr, quote_ident

MIGRA_TRAP = (
    "((role)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
    "((role)::text = ANY (ARRAY[('a'::character varying)::text, ('b'::character varying)::text]))",
)


def test_replayed_in_list_compares_equal() -> None:
    assert canonical_expr(MIGRA_TRAP[0]) == canonical_expr(MIGRA_TRAP[1])


def test_varchar_spellings_compare_equal() -> None:
    assert canonical_expr("'viewer'::character varying") == canonical_expr("'viewer'::varchar")


@pytest.mark.parametrize(("a", "b"), [
    ("'viewer'::character varying", "'editor'::character varying"),
    (MIGRA_TRAP[0], MIGRA_TRAP[0].replace("'b'", "'c'")),
    ("(a + b) * c", "a + (b * c)"),
    ("(a OR b) AND c", "a OR (b AND c)"),
    ("x > 0", "x >= 0"),
    ("lower(name)", "upper(name)"),
    ('"Name" = 1', "name = 1"),
])
def test_real_changes_are_kept(a: str, b: str) -> None:
    assert canonical_expr(a) != canonical_expr(b)


IDENTS = st.one_of(
    st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True),
    st.sampled_from(["select", "user", "order", "Größe", "MixedCase", 'we"ird', "naïve",
                     "from", "Table", "x y"]),
)
LITERALS = st.one_of(
    st.integers(min_value=-1000, max_value=1000).map(str),
    st.text(alphabet="abcxyz' é", max_size=6).map(lambda s: "'" + s.replace("'", "''") + "'"),
)
OPS = st.sampled_from(["=", "<>", "<", ">", "<=", ">=", "+", "-", "*"])
BOOL_OPS = st.sampled_from(["AND", "OR"])


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    """Small SQL expressions over quoted identifiers and literals, fully parenthesized."""
    if depth > 2 or draw(st.booleans()):
        leaf = draw(st.one_of(IDENTS.map(quote_ident), LITERALS))
        if draw(st.integers(0, 4)) == 0:
            leaf = f"({leaf})::{draw(st.sampled_from(['text', 'integer', 'numeric']))}"
        return leaf
    left = draw(expressions(depth + 1))
    right = draw(expressions(depth + 1))
    op = draw(st.one_of(OPS, BOOL_OPS))
    return f"({left} {op} {right})"


def _mutate(expr: str, data: st.DataObject) -> str | None:
    """Change one identifier, literal or operator; None when nothing could change."""
    import re

    tokens = list(re.finditer(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'|-?\d+|<>|<=|>=|[=<>+*-]'
                              r"|\bAND\b|\bOR\b", expr))
    if not tokens:
        return None
    tok = data.draw(st.sampled_from(tokens))
    old = tok.group(0)
    if old.startswith('"'):
        new = quote_ident(old[1:-1].replace('""', '"') + "_x")
    elif old.startswith("'"):
        new = "'" + old[1:-1] + "z'"
    elif re.fullmatch(r"-?\d+", old):
        new = str(int(old) + 1)
    else:
        swap = {"AND": "OR", "OR": "AND", "=": "<>", "<>": "=", "<": ">", ">": "<",
                "<=": ">=", ">=": "<=", "+": "-", "-": "+", "*": "+"}
        new = swap[old]
    return expr[: tok.start()] + new + expr[tok.end():]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(), st.data())
def test_a_real_change_is_never_normalized_away(expr: str, data: st.DataObject) -> None:
    mutated = _mutate(expr, data)
    if mutated is None or mutated == expr:
        return
    assert canonical_expr(expr) != canonical_expr(mutated), (expr, mutated)


@settings(max_examples=300, deadline=None)
@given(expressions())
def test_layout_does_not_matter(expr: str) -> None:
    """Extra parentheses and whitespace, as a server re-rendering adds them, are ignored."""
    assert canonical_expr(expr) == canonical_expr(f"(  {expr}\n)")
    # no literal or identifier holds "(", so this only adds layout
    assert canonical_expr(expr) == canonical_expr(expr.replace("(", "( \n"))
