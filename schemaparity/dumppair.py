"""Two JSON dumps reduced to what differs between them, read on the files' bytes.

A canonical dump has one object per line, so an object whose line is the same in both files
is the same object: only the other lines are decoded, checked and built, each once.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from schemaparity import gcpolicy
from schemaparity import model as m
from schemaparity.dumpload import build_checked, catalog_of, check_head, kind_class
from schemaparity.dumpprint import fingerprint
from schemaparity.dumptables import Texts, table_line
from schemaparity.offload import Offloaded

_BLOCK = re.compile(rb'  "(\w+)": \{(\})?,?')
_OBJECTS = b'\n "objects": {'
_AFTER_OBJECTS = b'\n },\n "row_count_mode": '
OFFLOAD_FROM = 4 << 20  # bytes of the two dumps from which a child hashes them (offload)


def _blocks(data: bytes) -> tuple[dict[str, list[bytes]], dict[str, Any]] | None:
    """A canonical dump's object lines per kind (raw bytes, unparsed) and its other fields."""
    start, stop = data.find(_OBJECTS), data.rfind(_AFTER_OBJECTS)
    if start < 0 or stop < start:
        return None
    try:
        head = json.loads(data[:start] + _OBJECTS + b"}" + data[stop + 3:])
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    # the lines split once from the whole file (a copy of each kind's block before its
    # lines were cut from it made 66 MB more pages at 10,000 tables, each a page fault)
    lines = data.split(b"\n")
    n = data.count(b"\n", 0, start) + 2  # the line after ' "objects": {'
    end = data.count(b"\n", 0, stop) + 1  # its closing ' },'
    blocks: dict[str, list[bytes]] = {}
    while n < end:  # a kind's line; its objects' lines have 3 spaces, then its '  }'
        match = _BLOCK.fullmatch(lines[n])
        if match is None:
            return None
        kind = match.group(1).decode("ascii")
        close = n + 1
        if not match.group(2):  # not an empty kind ("kind": {},)
            while close < end and not lines[close].startswith(b"  }"):
                close += 1
            if close == end:
                return None
            close += 1
        kept = blocks[kind] = lines[n + 1:close - 1]
        if kept:
            kept[-1] += b","  # every line with its comma: the last one is no other object
        n = close
    return blocks, head


_scan = json.JSONDecoder().scan_once  # the C scanner: no Python frames per value


def _object(raw: bytes) -> tuple[str, Any] | None:
    """The name and the decoded JSON object of one object line (with its trailing comma);
    None when the line is not one."""
    try:
        line = raw.decode("utf-8")
        name, end = _scan(line, 3)
        if not line.startswith(": ", end) or name.__class__ is not str:
            return None
        obj, end = _scan(line, end + 2)
    except (StopIteration, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return (name, obj) if end == len(line) - 1 and line[end] == "," else None


def _parse_lines(lines: Iterable[bytes]) -> dict[str, Any] | None:
    """{name: decoded object} of some object lines."""
    out = {}
    for raw in lines:
        one = _object(raw)
        if one is None:
            return None
        out[one[0]] = one[1]
    return out


Keep = dict[str, list[bytes]]  # the object lines to build, per kind, in the file's order


def _changed(data: list[bytes], where_a: str, where_b: str, context: bool
             ) -> tuple[m.Catalog, m.Catalog] | None:
    """:func:`load_changed_pair` on the files' bytes (``data``, emptied: the lines are
    copies): whole lines (their trailing commas cut) are compared as sets per kind, and
    only the lines of one side are decoded and built."""
    parts = [_blocks(data[0]), _blocks(data[1])]
    data.clear()
    return None if None in parts else _changed_blocks(parts, (where_a, where_b), context)


Parts = list[tuple[dict[str, list[bytes]], dict[str, Any]]]  # each dump's _blocks


def _changed_blocks(parts: Parts, wheres: tuple[str, str], context: bool
                    ) -> tuple[m.Catalog, m.Catalog] | None:
    """:func:`_changed` on the dumps' lines (``parts``, emptied)."""
    (blocks_a, head_a), (blocks_b, head_b) = parts
    parts.clear()
    keep_a: Keep = {}
    keep_b: Keep = {}
    for kind in blocks_a.keys() | blocks_b.keys():
        lines_a, lines_b = blocks_a.get(kind, []), blocks_b.get(kind, [])
        set_a, set_b = set(lines_a), set(lines_b)
        keep_a[kind] = [x for x in lines_a if x not in set_b]
        keep_b[kind] = [x for x in lines_b if x not in set_a]
    if context and not _add_context((blocks_a, keep_a), (blocks_b, keep_b)):
        return None
    del blocks_a, blocks_b
    with gcpolicy.paused():  # a pair makes many objects that live on
        return _built((head_a, head_b), (keep_a, keep_b), wheres)


def _built(heads: tuple[dict[str, Any], ...], keeps: tuple[Keep, ...],
           wheres: tuple[str, ...]) -> tuple[m.Catalog, m.Catalog] | None:
    """Both sides' catalogs of the given object lines, each line decoded, checked and built
    once (a line both sides hold is one object, equal columns of any tables one Column).
    None on a line that is not JSON."""
    for head, where in zip(heads, wheres, strict=True):
        check_head({**head, "objects": {}}, where)
    kinds: tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]] = ({}, {})
    memo: dict[Any, Any] = {}
    texts: Texts = {}
    for attr in keeps[0].keys() | keeps[1].keys():
        classes = [kind_class(attr, {}, where) for where in wheres]
        prefix = f"{classes[0].KIND}:"
        made: dict[bytes, tuple[str, Any]] = {}
        for i in (0, 1):
            out = kinds[i][attr] = {}
            for raw in keeps[i].pop(attr, ()):
                pair = made.get(raw)
                if pair is None and attr == "tables" and (t := table_line(raw, texts, memo)):
                    pair = made[raw] = (prefix + t[0], t[1])  # columns read by their text
                if pair is None:
                    one = _object(raw)
                    if one is None:
                        return None  # a damaged line: loading the files whole says where
                    item = build_checked(classes[i], attr, *one, wheres[i], memo)
                    pair = made[raw] = (prefix + one[0], item)  # its key, checked
                out[pair[0]] = pair[1]
    return catalog_of(heads[0], kinds[0]), catalog_of(heads[1], kinds[1])


# what sits on a table, under a key that starts with the table's
_ON_TABLES = tuple(k.attr for k in m.REGISTRY if k.parent == "table")


def _owner(kind: str, name: str) -> str:
    return name if kind == "tables" else ".".join(name.split(".")[:2])


def _add_context(*sides: tuple[dict[str, list[bytes]], Keep]) -> bool:
    """What a planner reads beyond the changed objects: the tables they sit on (with their
    keys and indexes) and every view. False when a type changed: then it reads all."""
    if any(keep.get(k) for _, keep in sides for k in ("enums", "domains", "composites")):
        return False
    tables: set[str] = set()
    for _, keep in sides:
        for kind in (*_ON_TABLES, "tables"):
            owners = _owners(kind, keep.get(kind, []))
            if owners is None:
                return False
            tables |= owners
    if not _add_partitions(sides, tables):
        return False
    owners = {t.encode("utf-8") for t in tables}
    for blocks, keep in sides:
        for kind in ("tables", "constraints", "indexes"):  # the changed ones are theirs too
            kept = _owned(kind, blocks.get(kind, []), owners, tables)
            if kept is None:
                return False
            keep[kind] = kept
        keep["views"] = blocks.get("views", [])
    return True


# the table of an object line's name (``_owner``) when the name holds no escape
_OWNERS = {"tables": re.compile(rb'   "([^"\\]*)": '),
           "constraints": re.compile(rb'   "([^".\\]*\.[^".\\]*)\.[^"\\]*": ')}


def _owners(kind: str, lines: list[bytes]) -> set[str] | None:
    """The tables (:func:`_owner`) of some object lines of ``kind``."""
    match = _OWNERS.get(kind, _OWNERS["constraints"]).match
    out = set()
    for raw in lines:
        found = match(raw)
        if found is None:
            name = _name(raw)
            if name is None:
                return None
            out.add(_owner(kind, name))
            continue
        try:
            out.add(found[1].decode("utf-8"))
        except UnicodeDecodeError:
            return None
    return out


def _owned(kind: str, lines: list[bytes], owners: set[bytes], tables: set[str]
           ) -> list[bytes] | None:
    """The lines of objects of ``kind`` whose table (:func:`_owner`) is one of ``tables``
    (``owners``, encoded): read on the line's bytes when its name has no escape."""
    match = _OWNERS.get(kind, _OWNERS["constraints"]).match
    out = []
    for raw in lines:
        found = match(raw)
        if found is not None:
            if found[1] in owners:
                out.append(raw)
            continue
        name = _name(raw)
        if name is None:
            return None
        if _owner(kind, name) in tables:
            out.append(raw)
    return out


def _add_partitions(sides: tuple[tuple[dict[str, list[bytes]], Keep], ...],
                    tables: set[str]) -> bool:
    """Add to ``tables`` the parent of each partition in it and the parent's other partitions
    (a pre-check reads the partition key and the sibling bounds); False on a damaged line."""
    parents: dict[str, str] = {}  # partition -> parent, of either side
    for blocks, _keep in sides:
        objs = _parse_lines(x for x in blocks.get("tables", ()) if b'"partition_of"' in x)
        if objs is None:
            return False
        for n, v in objs.items():
            parent = v.get("partition_of") if v.__class__ is dict else None
            if isinstance(parent, str):
                parents[n] = parent
    family = {parents[n] for n in tables if n in parents}
    tables |= family | {n for n, parent in parents.items() if parent in family}
    return True


_CANONICAL_START = b'{\n "format_version": '


def _read(paths: tuple[str | os.PathLike[str], ...]) -> list[bytes] | None:
    """The bytes of canonical dump files; None when one is not."""
    try:
        data = [Path(path).read_bytes() for path in paths]
    except OSError:
        return None
    return data if all(d.startswith(_CANONICAL_START) for d in data) else None


def load_changed_pair(a: str | os.PathLike[str], b: str | os.PathLike[str],
                      context: bool = False) -> tuple[m.Catalog, m.Catalog] | None:
    """Two dumps reduced to what differs between them, for a fast diff of big schemas.

    A canonical dump has one object per line, so an object whose line is the same in both
    files is the same object: only the others are parsed and built. The catalogs returned
    hold just those objects (enough for the differ, which compares matched keys only;
    ``context`` adds what a planner reads around them). Returns None when either file is
    not in the canonical layout; then load them whole.
    """
    data = _read((a, b))
    return None if data is None else _changed(data, str(a), str(b), context)


def load_plan_pair(a: str | os.PathLike[str], b: str | os.PathLike[str]
                   ) -> tuple[m.Catalog, m.Catalog, tuple[str, str]] | None:
    """:func:`load_changed_pair` with the planner's context, and the two dumps' plan
    fingerprints (:func:`schemaparity.plan.fingerprint_text`) read on the same bytes."""
    data = _read((a, b))
    if data is None:
        return None
    if sum(len(d) for d in data) < OFFLOAD_FROM:
        prints = [fingerprint(d) for d in data]
        pair = _changed(data, str(a), str(b), True) if None not in prints else None
    else:  # hashed by a forked child while the pair is read (the same bytes, shared)
        files = tuple(data)  # kept for the child, or for this process if it fails
        with Offloaded(lambda: [" ".join(str(fingerprint(d)) for d in files)]) as child:
            pair = _changed(data, str(a), str(b), True)
            hashed = "".join(child.chunks()).split(" ")
        prints = [None if p == "None" else p for p in hashed]
    return None if pair is None or None in prints else (*pair, (str(prints[0]), str(prints[1])))


def _name(raw: bytes) -> str | None:
    """The object name of an object line (None when not a line of one)."""
    end = raw.find(b'": ', 4)
    if end < 0 or not raw.startswith(b'   "') or b"\\" in raw[4:end]:
        one = _object(raw)
        return None if one is None else one[0]
    try:
        return raw[4:end].decode("utf-8")
    except UnicodeDecodeError:
        return None


# a name with no escape in it, at a line's start: a match never leaves its line, and its
# literal start makes the search fast (a line start as ``^`` tries every byte)
_NAME = re.compile(rb'\n   "([^"\\\n]*)": ')


def _names(lines: list[bytes]) -> list[str] | None:
    """The object names of some object lines."""
    found = _NAME.findall(b"\n".join([b"", *lines]))  # a newline before each, one copy
    if len(found) == len(lines):  # one each: a line holds no newline
        try:
            return [n.decode("utf-8") for n in found]
        except UnicodeDecodeError:
            return None
    names = [_name(raw) for raw in lines]
    return None if None in names else names  # type: ignore[return-value]


def _sorted_names(blocks: dict[str, list[bytes]]) -> dict[str, list[str]] | None:
    """The sorted object names of each kind of a dump's lines."""
    out = {}
    for attr, _cls in m.KINDS:
        names = _names(blocks.get(attr, []))
        if names is None:
            return None
        out[attr] = sorted(names)
    return out


def _keys(names: dict[str, list[str]], tables: list[bytes], known: m.Catalog | None
          ) -> list[str] | None:
    """Every object key of a dump (its ``_sorted_names``), in the order of a catalog's kinds
    and keys, then the columns of its tables (``tables``: their lines) table by table."""
    keys: list[str] = []
    for attr, cls in m.KINDS:
        prefix = f"{cls.KIND}:"
        keys += [prefix + n for n in names[attr]]
    columns = _columns(tables, names["tables"], known)
    return None if columns is None else keys + columns


def dump_keys(path: str | os.PathLike[str], known: m.Catalog | None = None
              ) -> list[str] | None:
    """Every object key of a canonical dump, columns included, in the order of a catalog's
    kinds and keys (tables' columns last, table by table), read on the file's bytes: only
    the lines of tables not in ``known`` (built from this file) are decoded. None when the
    file is not in the canonical layout."""
    data = _read((path,))
    parts = _blocks(data[0]) if data is not None else None
    names = _sorted_names(parts[0]) if parts is not None else None
    if parts is None or names is None:
        return None
    return _keys(names, parts[0].get("tables", []), known)


def load_check_pair(a: str | os.PathLike[str], b: str | os.PathLike[str]
                    ) -> tuple[m.Catalog, m.Catalog, list[str], list[str]] | None:
    """:func:`load_changed_pair` and both dumps' :func:`dump_keys`, from one read of
    their bytes."""
    data = _read((a, b))
    if data is None:
        return None
    parts = [_blocks(d) for d in data]
    data.clear()
    if parts[0] is None or parts[1] is None:
        return None
    names = [_sorted_names(p[0]) for p in parts]  # type: ignore[index]
    tables = [p[0].get("tables", []) for p in parts]  # type: ignore[index]
    if names[0] is None or names[1] is None:
        return None
    pair = _changed_blocks(parts, (str(a), str(b)), False)  # type: ignore[arg-type]
    if pair is None:
        return None
    keys = [_keys(names[i], tables[i], pair[i]) for i in (0, 1)]  # type: ignore[arg-type]
    return None if keys[0] is None or keys[1] is None else (*pair, keys[0], keys[1])


def _columns(lines: list[bytes], names: list[str], known: m.Catalog | None
             ) -> list[str] | None:
    """The column keys of the tables ``names`` (of ``lines``), table by table."""
    built = known.tables if known is not None else {}
    decoded = _parse_lines(raw for raw in lines if f"table:{_name(raw)}" not in built)
    if decoded is None:
        return None
    out = []
    for n in names:
        table = built.get(f"table:{n}")
        try:
            cols = ([c.name for c in table.columns] if table is not None
                    else [c["name"] for c in decoded[n]["columns"]])
        except (KeyError, TypeError):
            return None
        out += [f"column:{n}.{c}" for c in cols]
    return out
