"""Two JSON dumps reduced to what differs between them, read on the files' bytes.

A canonical dump has one object per line, so an object whose line is the same in both files
is the same object: only the other lines are decoded, checked and built.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from schemaparity import model as m
from schemaparity.dumpload import build_checked, catalog_of, check_head, kind_class

_BLOCK = re.compile(rb'  "(\w+)": \{(\})?,?')
_OBJECTS = b'\n "objects": {'
_AFTER_OBJECTS = b'\n },\n "row_count_mode": '


def _blocks(data: bytes) -> tuple[dict[str, list[bytes]], dict[str, Any]] | None:
    """A canonical dump's object lines per kind (raw bytes, unparsed) and its other fields."""
    start, stop = data.find(_OBJECTS), data.rfind(_AFTER_OBJECTS)
    if start < 0 or stop < start:
        return None
    try:
        head = json.loads(data[:start] + _OBJECTS + b"}" + data[stop + 3:])
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    blocks: dict[str, list[bytes]] = {}
    at = data.find(b'\n  "', start + 1)  # a kind's line; its objects' lines have 3 spaces
    while 0 <= at < stop:
        eol = data.find(b"\n", at + 1)
        match = _BLOCK.fullmatch(data, at + 1, eol)
        if match is None:
            return None
        kind = match.group(1).decode("ascii")
        if match.group(2):  # an empty kind: "kind": {},
            blocks[kind] = []
            at = data.find(b'\n  "', eol)
            continue
        close = data.find(b"\n  }", eol)
        if close < 0:
            return None
        blocks[kind] = data[eol + 1:close].split(b"\n") if close > eol else []
        at = data.find(b'\n  "', close + 1)
    return blocks, head


def _parse_lines(lines: set[bytes]) -> dict[str, str] | None:
    """{name: object JSON} of some object lines (a trailing comma cut)."""
    decoder = json.JSONDecoder()
    out = {}
    for raw in lines:
        try:
            line = raw.decode("utf-8")
            name, end = decoder.raw_decode(line, 3)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return None
        if line[end:end + 2] != ": ":
            return None
        out[name] = line[end + 2:].rstrip(",")
    return out


def _changed(data: list[bytes], where_a: str, where_b: str, context: bool
             ) -> tuple[m.Catalog, m.Catalog] | None:
    """:func:`load_changed_pair` on the files' bytes (``data``, emptied: the lines are
    copies): whole lines are compared as sets per kind (no line is decoded unless it
    differs), then the differing ones by name (a line that only lost or gained its trailing
    comma is the same object)."""
    parts = [_blocks(data[0]), _blocks(data[1])]
    data.clear()
    if parts[0] is None or parts[1] is None:
        return None
    (blocks_a, head_a), (blocks_b, head_b) = parts  # type: ignore[misc]
    parts.clear()
    keep_a: dict[str, dict[str, str]] = {}
    keep_b: dict[str, dict[str, str]] = {}
    for kind in set(blocks_a) | set(blocks_b):
        set_a, set_b = set(blocks_a.get(kind, ())), set(blocks_b.get(kind, ()))
        if not context:  # compared: the lines of this kind are needed no more
            blocks_a.pop(kind, None)
            blocks_b.pop(kind, None)
        da, db = _parse_lines(set_a - set_b), _parse_lines(set_b - set_a)
        if da is None or db is None:
            return None
        keep_a[kind] = {n: v for n, v in da.items() if db.get(n) != v}
        keep_b[kind] = {n: v for n, v in db.items() if da.get(n) != v}
    if context and not _add_context((blocks_a, keep_a), (blocks_b, keep_b)):
        return None
    del blocks_a, blocks_b
    return _built((head_a, head_b), (keep_a, keep_b), (where_a, where_b))


def _built(heads: tuple[dict[str, Any], ...], keeps: tuple[dict[str, dict[str, str]], ...],
           wheres: tuple[str, ...]) -> tuple[m.Catalog, m.Catalog] | None:
    """Both sides' catalogs of the given objects' lines, decoded and built one object (on
    both sides) at a time, so no side's decoded JSON is ever held whole; a column equal on
    both sides is checked and built once. None on a line that is not JSON."""
    for head, where in zip(heads, wheres, strict=True):
        check_head({**head, "objects": {}}, where)
    loads = json.loads
    kinds: tuple[dict[str, list[Any]], dict[str, list[Any]]] = ({}, {})
    memo: dict[Any, Any] = {}  # equal columns of any tables: checked and built once
    for attr in keeps[0].keys() | keeps[1].keys():
        lines = [keep.get(attr, {}) for keep in keeps]
        classes = [kind_class(attr, objs, where) for objs, where in zip(lines, wheres,
                                                                         strict=True)]
        out: tuple[list[Any], list[Any]] = kinds[0].setdefault(attr, []), \
            kinds[1].setdefault(attr, [])
        for name in {**lines[0], **lines[1]}:
            try:
                objs = [loads(side[name]) if name in side else None for side in lines]
            except json.JSONDecodeError:
                return None  # a damaged line: loading the files whole says where
            # by the ids of column dicts alive until both are built: one table's pair
            shared: dict[int, Any] | None = None
            if objs[0] is not None and objs[1] is not None and attr == "tables":
                _share_columns(objs[0], objs[1])
                shared = {}
            for i, obj in enumerate(objs):
                if obj is not None:
                    out[i].append(build_checked(classes[i], attr, name, obj, wheres[i],
                                                shared, memo))
    return catalog_of(heads[0], kinds[0]), catalog_of(heads[1], kinds[1])


def _share_columns(ta: Any, tb: Any) -> None:
    """A column equal in a table on both sides (same JSON classes too) becomes one dict
    (built once, see ``build_checked``'s ``shared``): a table that gained a column is built
    once for the rest."""
    ca = ta.get("columns") if ta.__class__ is dict else None
    cb = tb.get("columns") if tb.__class__ is dict else None
    if ca.__class__ is list and cb.__class__ is list:
        for i, (x, y) in enumerate(zip(ca, cb, strict=False)):
            if x == y and x.__class__ is dict and _classes(x) == _classes(y):
                cb[i] = x


def _classes(column: dict[str, Any]) -> tuple[type, ...]:
    """The JSON classes of a column dict's values: ``true == 1``, but only one is valid."""
    return tuple(map(type, column.values()))


# what sits on a table, under a key that starts with the table's
_ON_TABLES = tuple(k.attr for k in m.REGISTRY if k.parent == "table")


def _add_context(*sides: tuple[dict[str, list[bytes]], dict[str, dict[str, str]]]) -> bool:
    """What a planner reads beyond the changed objects: the tables they sit on (with their
    keys and indexes) and every view. False when a type changed: then it reads all."""
    if any(keep.get(k) for _, keep in sides for k in ("enums", "domains", "composites")):
        return False
    tables = {".".join(n.split(".")[:2]) for _, keep in sides
              for k in _ON_TABLES for n in keep.get(k, {})}
    tables |= {n for _, keep in sides for n in keep.get("tables", {})}
    if not _add_partitions(sides, tables):
        return False
    for blocks, keep in sides:
        for kind in ("tables", "constraints", "indexes", "views"):
            objs = _parse_lines(set(blocks.get(kind, ())))
            if objs is None:
                return False
            for n, v in objs.items():
                owner = n if kind == "tables" else ".".join(n.split(".")[:2])
                if kind == "views" or owner in tables:
                    keep.setdefault(kind, {})[n] = v
    return True


def _add_partitions(sides: tuple[tuple[dict[str, list[bytes]], dict[str, dict[str, str]]], ...],
                    tables: set[str]) -> bool:
    """Add to ``tables`` the parent of each partition in it and the parent's other partitions
    (a pre-check reads the partition key and the sibling bounds); False on a damaged line."""
    parents: dict[str, str] = {}  # partition -> parent, of either side
    for blocks, _keep in sides:
        objs = _parse_lines({x for x in blocks.get("tables", ()) if b'"partition_of"' in x})
        if objs is None:
            return False
        for n, v in objs.items():
            try:
                parent = json.loads(v).get("partition_of")
            except (json.JSONDecodeError, AttributeError):
                return False
            if isinstance(parent, str):
                parents[n] = parent
    family = {parents[n] for n in tables if n in parents}
    tables |= family | {n for n, parent in parents.items() if parent in family}
    return True


_CANONICAL_START = b'{\n "format_version": '


def load_changed_pair(a: str | os.PathLike[str], b: str | os.PathLike[str],
                      context: bool = False) -> tuple[m.Catalog, m.Catalog] | None:
    """Two dumps reduced to what differs between them, for a fast diff of big schemas.

    A canonical dump has one object per line, so an object whose line is the same in both
    files is the same object: only the others are parsed and built. The catalogs returned
    hold just those objects (enough for the differ, which compares matched keys only;
    ``context`` adds what a planner reads around them). Returns None when either file is
    not in the canonical layout; then load them whole.
    """
    try:
        data = [Path(path).read_bytes() for path in (a, b)]
    except OSError:
        return None
    if not all(d.startswith(_CANONICAL_START) for d in data):
        return None
    return _changed(data, str(a), str(b), context)


def _name(raw: bytes) -> str | None:
    """The object name of an object line (None when not a line of one)."""
    end = raw.find(b'": ', 4)
    if end < 0 or not raw.startswith(b'   "') or b"\\" in raw[4:end]:
        one = _parse_lines({raw})
        return None if one is None or len(one) != 1 else next(iter(one))
    return raw[4:end].decode("utf-8")


def _names(lines: list[bytes]) -> list[str] | None:
    """The sorted object names of some object lines."""
    names = [_name(raw) for raw in lines]
    return None if None in names else sorted(names)  # type: ignore[type-var]


def dump_keys(path: str | os.PathLike[str], known: m.Catalog | None = None
              ) -> list[str] | None:
    """Every object key of a canonical dump, columns included, in the order of a catalog's
    kinds and keys (tables' columns last, table by table), read on the file's bytes: only
    the lines of tables not in ``known`` (built from this file) are decoded. None when the
    file is not in the canonical layout."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    parts = _blocks(data) if data.startswith(_CANONICAL_START) else None
    if parts is None:
        return None
    keys: list[str] = []
    columns: list[str] | None = []
    for attr, cls in m.KINDS:
        names = _names(parts[0].get(attr, []))
        if names is None:
            return None
        keys += [f"{cls.KIND}:{n}" for n in names]
        if attr == "tables":
            columns = _columns(parts[0][attr], names, known)
    return None if columns is None else keys + columns


def _columns(lines: list[bytes], names: list[str], known: m.Catalog | None
             ) -> list[str] | None:
    """The column keys of the tables ``names`` (of ``lines``), table by table."""
    built = known.tables if known is not None else {}
    decoded = _parse_lines({raw for raw in lines if f"table:{_name(raw)}" not in built})
    if decoded is None:
        return None
    out = []
    for n in names:
        table = built.get(f"table:{n}")
        try:
            cols = ([c.name for c in table.columns] if table is not None
                    else [c["name"] for c in json.loads(decoded[n])["columns"]])
        except (json.JSONDecodeError, KeyError, TypeError):
            return None
        out += [f"column:{n}.{c}" for c in cols]
    return out
