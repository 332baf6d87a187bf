"""A table line read with its column texts looked up builds what the general reading builds,
refuses (gives None for) what it refuses, and decodes each distinct column text once."""

from __future__ import annotations

import json
from typing import Any

from schemaparity import dumpfile
from schemaparity import model as m
from schemaparity.dumpload import build_checked
from schemaparity.dumptables import table_line
from schemaparity.errors import DumpFormatError

from .conftest import DUMPS


def _general(raw: bytes) -> Any:
    """The table of a line read the general way; None when that refuses it."""
    try:
        (name, obj), = json.loads(b"{" + raw[3:-1] + b"}").items()  # as dumppair reads
        return name, build_checked(m.Table, "tables", name, obj, "x")
    except (ValueError, DumpFormatError):
        return None


def _same(raw: bytes) -> None:
    """The line is read as the general way reads it, or left to it (None)."""
    got = table_line(raw, {}, {})
    if got is not None:
        want = _general(raw)
        assert want is not None, raw
        assert got == want and got[1].columns == want[1].columns, raw
        for x, y in zip(got[1].columns, want[1].columns, strict=True):
            assert x.depends == y.depends  # no part in ==


def _lines(catalog: m.Catalog) -> list[bytes]:
    """The table lines of a catalog's dump, each with its comma."""
    text = dumpfile.to_json(catalog)
    head = '\n  "tables": {\n'
    block = text[text.index(head) + len(head):]
    block = block[:block.index("\n  }")]
    return [line.rstrip(",").encode("utf-8") + b"," for line in block.splitlines()]


def test_every_committed_table_line_reads_as_the_general_way() -> None:
    texts: dict[str, Any] = {}
    memo: dict[Any, Any] = {}
    read = 0
    for path in sorted(DUMPS.glob("*.json")):
        for raw in _lines(dumpfile.load(path)):
            got = table_line(raw, texts, memo)
            want = _general(raw)
            assert got is not None and got == want, raw
            read += 1
    assert read > 100


def _tables(*columns: m.Column, comment: str | None = None,
            acl: tuple[str, ...] | None = None) -> m.Catalog:
    return m.Catalog.build(150000, tables=[
        m.Table("public", n, columns=columns, comment=comment, acl=acl) for n in ("t1", "t2")])


# strings that cut a line where a column ends: a reading on bytes must not be fooled
HOSTILE = ["}, {", "}]", '"}, {"name": "x"', "}], \"name\": \"t9\"", "\\", '\\"}, {',
           "'{}'::jsonb", "é}, {ü", "\n}, {\t", '{"columns": []}']


def test_strings_that_look_like_a_column_end_read_as_the_general_way() -> None:
    for text in HOSTILE:
        cols = (m.Column("id", 1, "integer", default=text),
                m.Column(text, 2, "text", comment=text, depends=(text,)),
                m.Column("z", 3, "text", collation=text))
        for catalog in (_tables(*cols), _tables(*cols, comment=text, acl=(text,)),
                        _tables(cols[1]), _tables()):
            for raw in _lines(catalog):
                got = table_line(raw, {}, {})
                assert got == _general(raw) or got is None, raw
                _same(raw)


def test_a_damaged_line_is_never_read_otherwise() -> None:
    """Every cut, and every one-character change or insertion (a fixed sample of
    characters), of two lines (columns first, and after an ACL) is read as the general way
    reads it, or left to it."""
    cols = (m.Column("id", 1, "integer", not_null=True),
            m.Column("a", 2, "jsonb", default="'{}'::jsonb"),
            m.Column("b", 3, "uuid", depends=("enum:x.y",)))
    for raw in (_lines(_tables(*cols))[0], _lines(_tables(*cols, acl=("r=a/o",)))[0]):
        assert table_line(raw, {}, {}) is not None
        for at in range(len(raw)):
            _same(raw[:at] + b",")
            _same(raw[:at] + raw[at + 1:])
            for char in (b"}", b"]", b",", b'"', b"{", b"[", b" ", b"\\", b"1", b"x"):
                _same(raw[:at] + char + raw[at + 1:])
                _same(raw[:at] + char + raw[at:])


def test_a_field_given_twice_is_read_as_the_general_way() -> None:
    """JSON keeps the last of a key given twice: a second columns list, or columns after
    an ACL given twice, must not be taken for the first."""
    raw = _lines(_tables(m.Column("id", 1, "integer")))[0]
    for extra in (b'"columns": [], ', b'"columns": 7, ', b'"acl": null, "columns": [], ',
                  b'"columns": [{"name": "x", "position": 1, "type": "text"}], '):
        changed = raw.replace(b'], "name": ', b"], " + extra + b'"name": ')
        assert _general(changed) != table_line(raw, {}, {}) or b"7" in extra
        _same(changed)


def test_each_distinct_column_text_is_decoded_once() -> None:
    shared = m.Column("tenant_id", 2, "uuid", not_null=True)
    lines = _lines(m.Catalog.build(150000, tables=[
        m.Table("public", f"t{i}", columns=(m.Column(f"c{i}", 1, "text"), shared))
        for i in range(5)]))
    texts: dict[str, Any] = {}
    tables = [table_line(raw, texts, {}) for raw in lines]
    assert len(texts) == 6  # five own columns and the shared one
    assert all(t is not None and t[1].columns[1] is tables[0][1].columns[1]  # type: ignore[index]
               for t in tables)
