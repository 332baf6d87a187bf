"""Quoting and the view-text rule that keeps PostgreSQL 15 and 16+ dumps alike."""

from __future__ import annotations

import pytest

from schemaparity.sqltext import quote_ident, quote_literal, unqualify_single_relation


@pytest.mark.parametrize(("parts", "expected"), [
    (("public", "agents"), '"public"."agents"'),
    (("we\"ird",), '"we""ird"'),
    (("Größe",), '"Größe"'),
    (("select",), '"select"'),
])
def test_quote_ident(parts, expected) -> None:
    assert quote_ident(*parts) == expected


def test_quote_literal() -> None:
    assert quote_literal("it's") == "'it''s'"
    assert quote_literal(None) == "NULL"


def _texts() -> list[str]:
    """Every character below 256 alone and inside a name, and a fixed sample of random
    strings over them, quotes and backslashes included."""
    import random

    chars = [chr(i) for i in range(256)] + ["é", "ß", "\u2028"]
    rnd = random.Random(15)
    mixed = ["".join(rnd.choice(chars) for _ in range(rnd.randint(0, 12))) for _ in range(2000)]
    return [*chars, *(f"a{c}'b" for c in chars), *mixed]


def test_quoting_writes_what_psycopg_writes() -> None:
    """Plain names are quoted without psycopg (a plan from dumps need not load the driver):
    the bytes are psycopg's for every text, including those that take its path."""
    from psycopg import sql

    def answer(quote, text):  # type: ignore[no-untyped-def]
        try:
            return quote(text)
        except Exception as exc:  # noqa: BLE001 - the same refusal is the same answer
            return type(exc)

    for text in _texts():
        assert answer(quote_literal, text) == answer(
            lambda t: sql.Literal(t).as_string(None), text), repr(text)
        assert answer(lambda t: quote_ident("s", t), text) == answer(
            lambda t: sql.Identifier("s", t).as_string(None), text), repr(text)


@pytest.mark.parametrize(("old", "new"), [
    (' SELECT t.id,\n    t."Größe"\n   FROM public.t;',
     ' SELECT id,\n    "Größe"\n   FROM public.t;'),
    # nested query levels keep their qualification, outer references too
    (" SELECT t.id,\n    ( SELECT count(*) AS count\n           FROM public.u\n"
     "          WHERE (u.tid = t.id)) AS n\n   FROM public.t;",
     " SELECT id,\n    ( SELECT count(*) AS count\n           FROM public.u\n"
     "          WHERE (u.tid = t.id)) AS n\n   FROM public.t;"),
    # joins keep qualification
    (" SELECT t.id,\n    u.x\n   FROM (public.t\n     JOIN public.u ON ((u.tid = t.id)));",
     " SELECT t.id,\n    u.x\n   FROM (public.t\n     JOIN public.u ON ((u.tid = t.id)));"),
    # a string that looks like a qualified name is left alone
    (" SELECT t.id\n   FROM public.t\n  WHERE (t.note = 't.id'::text);",
     " SELECT id\n   FROM public.t\n  WHERE (note = 't.id'::text);"),
])
def test_unqualify_single_relation(old: str, new: str) -> None:
    assert unqualify_single_relation(old) == new


def test_unparseable_text_is_kept() -> None:
    assert unqualify_single_relation("SELECT ((( t.id") == "SELECT ((( t.id"


VIEW_TEXTS = [
    " SELECT t.id,\n    t.\"select\",\n    (t.amount)::numeric(12,2) AS amount\n   FROM app.t\n"
    "  WHERE ((t.kind)::text = ANY ((ARRAY['a'::character varying, 't.x'::character varying])"
    "::text[]));",
    " SELECT o.id\n   FROM app.orders o\n  WHERE (o.total > (0)::numeric)\n  ORDER BY o.id;",
    ' SELECT "Größe".id,\n    "Größe"."MixedCase"\n   FROM public."Größe";',
    " SELECT t.id,\n    EXTRACT(year FROM t.at) AS y\n   FROM public.t;",
    " SELECT t.id\n   FROM ONLY public.t;",
    " SELECT t.mood\n   FROM public.t\n  WHERE (t.mood = 'ok'::t.mood);",
    " SELECT count(*) AS count\n   FROM public.t\n  GROUP BY t.kind\n HAVING (count(*) > 1);",
    " SELECT x.a\n   FROM public.f() x(a);",
    " SELECT t.id\n   FROM public.t\nUNION\n SELECT u.id\n   FROM public.u;",
]


@pytest.mark.parametrize("text", VIEW_TEXTS)
def test_the_fast_path_agrees_with_the_parser(text: str) -> None:
    """The tokenizing shortcut either declines or gives exactly the parser's answer."""
    from schemaparity.sqltext import _unqualify_parsed, _unqualify_simple

    fast = _unqualify_simple(text)
    assert fast is None or fast == _unqualify_parsed(text)


def test_the_fast_path_takes_the_common_shape() -> None:
    from schemaparity.sqltext import _unqualify_simple

    assert _unqualify_simple(VIEW_TEXTS[0]) == (
        " SELECT id,\n    \"select\",\n    (amount)::numeric(12,2) AS amount\n   FROM app.t\n"
        "  WHERE ((kind)::text = ANY ((ARRAY['a'::character varying, 't.x'::character varying])"
        "::text[]));")
    assert _unqualify_simple(VIEW_TEXTS[4]) is None  # ONLY
    assert _unqualify_simple(VIEW_TEXTS[5]) is None  # a type named like the relation
