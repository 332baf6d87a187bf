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
