"""Dump files: canonical JSON that loads back into an equal model, and a one-fact-per-line text.

JSON layout (``format_version`` 1)::

    {
     "engine": "sqlite 3.40.1",   (only for a database that is not PostgreSQL)
     "format_version": 1,
     "objects": {
      "<kind attribute>": {
       "<qualified name>": {<fields, sorted; a field at its default value is omitted>},
       ...
      }, ...
     },
     "row_count_mode": null | "exact" | "estimate",
     "row_counts": null | {"table:<schema>.<name>": <int or null>},
     "server_version": <major>
    }

Keys are sorted, one object per line, no OIDs, no clock: the same schema gives the same bytes.
The text format is for people, grep and ``diff`` (:mod:`schemaparity.dumptext`); loading
checks every field against the model (:mod:`schemaparity.dumpload`); two dumps can be read
for their differences only (:mod:`schemaparity.dumppair`). This module is the one to import.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from schemaparity import files
from schemaparity import model as m
from schemaparity.dumpload import FORMAT_VERSION, from_data, from_json, load
from schemaparity.dumppair import load_changed_pair, load_plan_pair
from schemaparity.dumptext import name, to_text
from schemaparity.model import object_to_dict

__all__ = ["FORMAT_VERSION", "Lines", "assemble", "from_data", "from_json", "lines_of", "load",
           "load_changed_pair", "load_plan_pair", "name", "object_lines", "object_to_dict",
           "pieces", "render", "to_json", "to_text", "without_depends", "write_atomic"]


# ---------------------------------------------------------------- JSON


# one encoder for every object: json.dumps with options builds a new one per call
_compact = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(", ", ": ")).encode
_string = json.JSONEncoder(ensure_ascii=False).encode
# an object's recorded dependencies in its canonical line: a list of JSON strings, never the
# object's last field (its "name" sorts after it)
_DEPENDS = re.compile(r'"depends": \[(?:"(?:[^"\\]|\\.)*"(?:, )?)*\], ')


def without_depends(text: str) -> str:
    """Canonical JSON of a dump without the recorded dependencies (``depends``): what a
    schema's fingerprint hashes (they are planning data), and what a dump written before they
    were recorded holds."""
    return _DEPENDS.sub("", text) if '"depends": ' in text else text


@dataclass
class Lines:
    """A dump as canonical JSON lines: ``objects[attr][name]`` is one object's line (its
    JSON after ``"name": ``), as :func:`to_json` writes it; :func:`assemble` makes the text."""

    server_version: int
    objects: dict[str, dict[str, str]]
    row_counts: dict[str, int | None] | None = None
    row_count_mode: str | None = None
    engine: str | None = None  # None: PostgreSQL (the key is left out of the file)


def object_lines(objects: Any) -> dict[str, str]:
    """``{name: canonical JSON}`` of model objects of one kind (the name is the key without
    its ``kind:`` prefix)."""
    out = {}
    for obj in objects:
        out[obj.key.split(":", 1)[1]] = _compact(m.json_fields(obj))
    return out


def lines_of(catalog: m.Catalog) -> Lines:
    return Lines(catalog.server_version,
                 {attr: object_lines(objs.values()) for attr, objs in catalog.objects().items()},
                 catalog.row_counts, catalog.row_count_mode, catalog.engine)


def to_json(catalog: m.Catalog) -> str:
    """Canonical JSON text of a catalog (ends with a newline)."""
    return assemble(lines_of(catalog))


def assemble(dump: Lines) -> str:
    """The canonical JSON text of a dump's lines (ends with a newline)."""
    return "".join(pieces(dump))


def pieces(dump: Lines) -> Iterator[str]:
    """:func:`assemble` in pieces, one kind at a time, for writing without the whole text."""
    engine = "" if dump.engine is None else f' "engine": {_string(dump.engine)},\n'
    yield f'{{\n{engine} "format_version": {FORMAT_VERSION},\n "objects": {{\n'
    kinds = sorted(dump.objects.items())
    for i, (attr, objs) in enumerate(kinds):
        last = len(objs) - 1
        body = "".join(f"   {_string(name)}: {objs[name]}{',' if j < last else ''}\n"
                       for j, name in enumerate(sorted(objs)))
        yield f"  {json.dumps(attr)}: {{\n{body}  }}{',' if i < len(kinds) - 1 else ''}\n"
    tail = [" },", f' "row_count_mode": {json.dumps(dump.row_count_mode)},']
    if dump.row_counts is None:
        tail.append(' "row_counts": null,')
    else:
        tail.append(' "row_counts": {')
        items = sorted(dump.row_counts.items())
        for j, (key, n) in enumerate(items):
            sep = "," if j < len(items) - 1 else ""
            tail.append(f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(n)}{sep}")
        tail.append(" },")
    tail.append(f' "server_version": {json.dumps(dump.server_version)}')
    tail.append("}")
    yield "\n".join(tail) + "\n"


# ---------------------------------------------------------------- writing


def write_atomic(path: str | os.PathLike[str], text: str | Iterable[str]) -> None:
    """Write ``text`` (a string, or its pieces) to an output file: see
    :func:`schemaparity.files.write_output` (regular files replaced atomically with open()'s
    mode, devices and FIFOs written in place, symlinks followed, ``-`` is stdout)."""
    files.write_output(path, text)


def render(catalog: m.Catalog, fmt: str) -> str:
    if fmt == "json":
        return to_json(catalog)
    if fmt == "text":
        return to_text(catalog)
    raise ValueError(f"unknown dump format {fmt!r}")
