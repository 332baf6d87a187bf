"""A table's line of a canonical dump read with each distinct column text decoded once.

Most of a big dump's bytes are its tables' columns, and most columns are like a column of some
other table (``id``, ``created_at``, a tenant column...): the same JSON text. A table line is
read key by key with the C scanner, and each column's text looked up, so only a text not seen
before is decoded, checked and built. Anything else (other spacing, a field the model refuses)
gives None: the caller then reads the line the general way, which says what is wrong.
"""

from __future__ import annotations

import json
from typing import Any

from schemaparity import model as m
from schemaparity.dumpbuild import builder

_scan = json.JSONDecoder().scan_once  # the C scanner: no Python frames per value

Texts = dict[str, Any]  # a column's JSON text between its braces -> its Column, over a load


class _NotRead(Exception):
    """A line this module does not read: the caller reads it the general way."""


def _column(piece: str, texts: Texts, memo: dict[Any, Any]) -> m.Column:
    """The Column of ``{piece}`` when that is one whole JSON object the model accepts."""
    text = "{" + piece + "}"
    obj, end = _scan(text, 0)
    col = builder(m.Column)(obj, memo) if end == len(text) else None
    if col is None:
        raise _NotRead
    texts[piece] = col
    return col  # type: ignore[no-any-return]


def _columns(line: str, at: int, texts: Texts, memo: dict[Any, Any]
             ) -> tuple[tuple[m.Column, ...], int]:
    """The Columns of the JSON list at ``line[at]`` and the index after it.

    The list is cut at each ``}, {`` up to the first ``}]``; each piece is a column's text
    seen before or is checked to be one whole object. Pieces that all are make the list a
    whole JSON list ending there (JSON reads a value's start the same whatever follows); a
    cut inside a string leaves a piece that is none, and the line is read the general way."""
    if line.startswith("[]", at):
        return (), at + 2
    close = line.find("}]", at)
    if close < 0 or not line.startswith("[{", at):
        raise _NotRead
    get = texts.get
    cols = tuple([get(p) or _column(p, texts, memo)
                  for p in line[at + 2:close].split("}, {")])
    return cols, close + 2


def _fields(line: str, at: int, texts: Texts, memo: dict[Any, Any]) -> dict[str, Any] | None:
    """The fields of the table object at ``line[at]`` (its columns built), when the object
    ends the line but for its comma, read key by key."""
    if not line.startswith("{", at):
        return None
    d: dict[str, Any] = {}
    at += 1
    while True:
        key, at = _scan(line, at)
        if key.__class__ is not str or not line.startswith(": ", at):
            return None
        at += 2
        if key == "columns":
            value, at = _columns(line, at, texts, memo)
        else:
            value, at = _scan(line, at)
        d[key] = value
        if line.startswith(", ", at):
            at += 2
        elif line.startswith("},", at) and at + 2 == len(line):
            return d
        else:
            return None


def _table(line: str, at: int, texts: Texts, memo: dict[Any, Any]) -> dict[str, Any] | None:
    """The fields of the table object at ``line[at]`` (columns built) that ends the line but
    for its comma: when its columns come first, the rest decoded in one scan."""
    if not line.startswith('{"columns": ', at):
        return _fields(line, at, texts, memo)
    columns, at = _columns(line, at + 12, texts, memo)
    if line.startswith("},", at) and at + 2 == len(line):
        return {"columns": columns}
    if not line.startswith(", ", at):
        return None
    rest = "{" + line[at + 2:]  # the other fields, as an object of their own
    d, end = _scan(rest, 0)
    if end != len(rest) - 1 or d.__class__ is not dict or "columns" in d:
        return None
    d["columns"] = columns
    return d  # type: ignore[no-any-return]


def table_line(raw: bytes, texts: Texts, memo: dict[Any, Any]) -> tuple[str, m.Table] | None:
    """The name and the built Table of one table line (with its trailing comma), equal
    columns one object (``memo``, as :func:`schemaparity.dumpbuild.builder`); None when the
    line is not read this way or the table is not as the model says."""
    try:
        line = raw.decode("utf-8")
        name, at = _scan(line, 3)
        if name.__class__ is not str or not line.startswith(": ", at):
            return None
        d = _table(line, at + 2, texts, memo)
    except (StopIteration, json.JSONDecodeError, UnicodeDecodeError, _NotRead):
        return None
    table = None if d is None else builder(m.Table)(d, memo)
    return None if table is None or table.key != f"table:{name}" else (name, table)
