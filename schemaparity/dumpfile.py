"""Dump files: canonical JSON that loads back into an equal model, and a one-fact-per-line text.

JSON layout (``format_version`` 1)::

    {
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
The text format is for people, grep and ``diff``: one line per fact, ``[sections]`` in a fixed
order, lines sorted by code point (UTF-8 byte order), never by a database collation.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any

from schemaparity import files
from schemaparity import model as m
from schemaparity.errors import DumpFormatError

FORMAT_VERSION = 1


# ---------------------------------------------------------------- JSON


def _defaults(cls: type) -> dict[str, Any]:
    out = {}
    for f in fields(cls):
        if f.default is not MISSING:
            out[f.name] = f.default
    return out


_DEFAULTS = {cls: _defaults(cls) for cls in (*m.KIND_CLASSES.values(), m.Column)}
_FIELDS = {cls: tuple(f.name for f in fields(cls)) for cls in _DEFAULTS}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return object_to_dict(value)
    return value


_NO_DEFAULT = object()
_SPEC = {cls: tuple((f.name, _NO_DEFAULT if f.default is MISSING else f.default)
                    for f in fields(cls)) for cls in _DEFAULTS}


def _compile(cls: type, plain_tuples: bool, nested: Any = None) -> Any:
    """``object -> dict of its non-default fields`` for one class, written out field by field
    (every object of a dump goes through it; 3x faster than a loop over the fields). Keys
    come out sorted. ``plain_tuples``: tuples become lists (else they stay tuples, which the
    JSON encoder writes as arrays all the same); a table's columns always become dicts."""
    lines = ["def to_dict(o):", "    d = {}"]
    env: dict[str, Any] = {"_plain": _plain, "nested": nested}
    for name, default in sorted(_SPEC[cls]):
        lines.append(f"    v = o.{name}")
        if cls is m.Table and name == "columns":
            value = "[nested(c) for c in v]"
        elif plain_tuples and (isinstance(default, tuple) or default is _NO_DEFAULT):
            value = "_plain(v) if v.__class__ is tuple else v"
        else:
            value = "v"
        if default is _NO_DEFAULT:
            lines.append(f"    d[{name!r}] = {value}")
        else:
            env[f"D_{name}"] = default
            lines.append(f"    if v is not D_{name} and v != D_{name}:")
            lines.append(f"        d[{name!r}] = {value}")
    lines.append("    return d")
    exec("\n".join(lines), env)  # noqa: S102 - generated once from the model's own fields
    return env["to_dict"]


def _compile_all(plain_tuples: bool) -> dict[type, Any]:
    column = _compile(m.Column, plain_tuples)
    return {cls: column if cls is m.Column else _compile(cls, plain_tuples, column)
            for cls in _DEFAULTS}


_TO_DICT = _compile_all(plain_tuples=True)
_TO_JSON_DICT = _compile_all(plain_tuples=False)


def object_to_dict(obj: Any) -> dict[str, Any]:
    """The fields of a model object that differ from their defaults, as plain JSON values."""
    return _TO_DICT[type(obj)](obj)


# one encoder for every object: json.dumps with options builds a new one per call
_compact = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(", ", ": ")).encode
_string = json.JSONEncoder(ensure_ascii=False).encode


@dataclass
class Lines:
    """A dump as canonical JSON lines: ``objects[attr][name]`` is one object's line (its
    JSON after ``"name": ``), as :func:`to_json` writes it; :func:`assemble` makes the text."""

    server_version: int
    objects: dict[str, dict[str, str]]
    row_counts: dict[str, int | None] | None = None
    row_count_mode: str | None = None


def object_lines(objects: Any) -> dict[str, str]:
    """``{name: canonical JSON}`` of model objects of one kind (the name is the key without
    its ``kind:`` prefix)."""
    out = {}
    for obj in objects:
        out[obj.key.split(":", 1)[1]] = _compact(_TO_JSON_DICT[type(obj)](obj))
    return out


def lines_of(catalog: m.Catalog) -> Lines:
    return Lines(catalog.server_version,
                 {attr: object_lines(objs.values()) for attr, objs in catalog.objects().items()},
                 catalog.row_counts, catalog.row_count_mode)


def to_json(catalog: m.Catalog) -> str:
    """Canonical JSON text of a catalog (ends with a newline)."""
    return assemble(lines_of(catalog))


def assemble(dump: Lines) -> str:
    """The canonical JSON text of a dump's lines (ends with a newline)."""
    return "".join(pieces(dump))


def pieces(dump: Lines) -> Iterator[str]:
    """:func:`assemble` in pieces, one kind at a time, for writing without the whole text."""
    yield f'{{\n "format_version": {FORMAT_VERSION},\n "objects": {{\n'
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


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def _tuple_fields(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls) if str(f.type).startswith("tuple"))


_TUPLE_FIELDS = {cls: _tuple_fields(cls) for cls in _DEFAULTS}


def _build(cls: type, data: Any, where: str) -> Any:
    """One model object from its JSON fields. The fast path converts only the fields that
    hold tuples; any failure is explained field by field."""
    if not isinstance(data, dict):
        raise DumpFormatError(f"{where}: expected an object")
    kwargs = data
    tuple_fields = _TUPLE_FIELDS[cls]
    if cls is m.Table and "columns" in data:
        kwargs = dict(data)
        kwargs["columns"] = tuple(
            _build(m.Column, c, f"{where}.columns[{i}]") for i, c in enumerate(data["columns"]))
    for name in tuple_fields.intersection(data):
        if cls is m.Table and name == "columns":
            continue
        if kwargs is data:
            kwargs = dict(data)
        kwargs[name] = _tuples(data[name])
    try:
        return cls(**kwargs)
    except TypeError as exc:
        unknown = set(data) - set(_FIELDS[cls])
        if unknown:
            raise DumpFormatError(f"{where}: unknown field {sorted(unknown)[0]!r}") from None
        raise DumpFormatError(f"{where}: {exc}") from exc


def from_json(text: str, origin: str = "dump") -> m.Catalog:
    """Load a JSON dump; any damage is a one-line :class:`DumpFormatError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DumpFormatError(
            f"{origin}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno});"
            " is the file truncated?"
        ) from exc
    if not isinstance(data, dict) or "format_version" not in data:
        raise DumpFormatError(f"{origin}: not a schemaparity dump (no format_version)")
    version = data["format_version"]
    if version != FORMAT_VERSION:
        raise DumpFormatError(
            f"{origin}: dump format_version {version!r} is not supported"
            f" (this schemaparity reads {FORMAT_VERSION}); re-create it with `schemaparity dump`"
        )
    objects = data.get("objects")
    if not isinstance(objects, dict) or not isinstance(data.get("server_version"), int):
        raise DumpFormatError(f"{origin}: missing 'objects' or 'server_version'")
    attrs = dict(m.KINDS)
    kinds: dict[str, list] = {}
    for attr, objs in objects.items():
        cls = attrs.get(attr)
        if cls is None:
            raise DumpFormatError(f"{origin}: unknown object kind {attr!r}")
        if not isinstance(objs, dict):
            raise DumpFormatError(f"{origin}: objects.{attr} must be an object")
        built = []
        for name, obj in objs.items():
            item = _build(cls, obj, f"{origin}: {attr}[{name!r}]")
            if item.key != f"{cls.KIND}:{name}":
                raise DumpFormatError(f"{origin}: {attr}[{name!r}] does not match its fields")
            built.append(item)
        kinds[attr] = built
    counts = data.get("row_counts")
    if counts is not None and not isinstance(counts, dict):
        raise DumpFormatError(f"{origin}: row_counts must be an object or null")
    return m.Catalog.build(
        data["server_version"], row_counts=counts, row_count_mode=data.get("row_count_mode"),
        **kinds,
    )


def load(path: str | os.PathLike[str]) -> m.Catalog:
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except FileNotFoundError:
        raise DumpFormatError(f"{p}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DumpFormatError(f"{p}: cannot read: {exc}") from exc
    return from_json(text, str(p))


# ---------------------------------------------------------------- text

_SIMPLE = re.compile(r"^[a-z_][a-z0-9_$]*$")


def name(*parts: str) -> str:
    """Display name: dotted parts, each quoted like SQL only when it needs it."""
    return ".".join(p if _SIMPLE.match(p) else '"' + p.replace('"', '""') + '"' for p in parts)


def _v(value: Any) -> str:
    """One-line rendering of a value: bare when plain, else JSON-quoted (escapes newlines)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_v(v) for v in value) + "]"
    s = str(value)
    if s and re.fullmatch(r"[A-Za-z0-9_.:$=\-+/]+", s):
        return s
    return json.dumps(s, ensure_ascii=False)


def _attrs(obj: Any, skip: tuple[str, ...]) -> str:
    d = object_to_dict(obj)
    parts = [f"{k}={_v(_tuples(d[k]))}" for k in sorted(d) if k not in skip]
    return " ".join(parts)


def _line(*parts: str) -> str:
    return " ".join(p for p in parts if p)


_IDENT_FIELDS = ("schema", "name", "table", "comment")


def to_text(catalog: m.Catalog) -> str:
    """The text dump: sections in a fixed order, lines sorted by code point within each."""
    sections: dict[str, list[str]] = {s: [] for s in (
        "server", "extensions", "schemas", "types", "sequences", "tables", "constraints",
        "indexes", "views", "functions", "triggers", "policies", "comments",
        "version tables", "row counts")}
    sections["server"].append(f"server_version {catalog.server_version}")
    comments = sections["comments"]

    def comment(kind: str, display: str, text: str | None) -> None:
        if text is not None:
            comments.append(f"comment {kind} {display} {_v(text)}")

    for e in catalog.extensions.values():
        sections["extensions"].append(_line("extension", name(e.name), _attrs(e, ("name",))))
    for s in catalog.schemas.values():
        sections["schemas"].append(_line("schema", name(s.name), _attrs(s, _IDENT_FIELDS)))
        comment("schema", name(s.name), s.comment)
    for attr, word in (("enums", "enum"), ("domains", "domain"), ("composites", "composite"),
                       ("collations", "collation")):
        for t in getattr(catalog, attr).values():
            dn = name(t.schema, t.name)
            sections["types"].append(_line(word, dn, _attrs(t, _IDENT_FIELDS)))
            comment(word, dn, t.comment)
    for q in catalog.sequences.values():
        dn = name(q.schema, q.name)
        sections["sequences"].append(_line("sequence", dn, _attrs(q, _IDENT_FIELDS)))
        comment("sequence", dn, q.comment)
    for t in catalog.tables.values():
        dn = name(t.schema, t.name)
        sections["tables"].append(_line("table", dn, _attrs(t, (*_IDENT_FIELDS, "columns"))))
        comment("table", dn, t.comment)
        for c in t.columns:
            sections["tables"].append(_line(
                "table", dn, f"column {c.position:04d}", name(c.name),
                _attrs(c, ("name", "position", "comment"))))
            comment("column", name(t.schema, t.name, c.name), c.comment)
    for attr, word in (("constraints", "constraint"), ("indexes", "index"),
                       ("triggers", "trigger"), ("policies", "policy")):
        section = sections[attr]
        for o in getattr(catalog, attr).values():
            dn = name(o.schema, o.table, o.name)
            section.append(_line(word, dn, _attrs(o, _IDENT_FIELDS)))
            comment(word, dn, o.comment)
    for v in catalog.views.values():
        dn = name(v.schema, v.name)
        sections["views"].append(_line("view", dn, _attrs(v, _IDENT_FIELDS)))
        comment("view", dn, v.comment)
    for f in catalog.functions.values():
        dn = f"{name(f.schema, f.name)}({f.identity_args})"
        sections["functions"].append(_line(f.kind, dn, _attrs(f, (*_IDENT_FIELDS,
                                                                  "identity_args", "kind"))))
        comment(f.kind, dn, f.comment)
    for vt in catalog.version_tables.values():
        dn = name(vt.schema, vt.name)
        sections["version tables"].append(_line("version_table", dn, "columns=" + _v(vt.columns)))
        for row in vt.rows:
            sections["version tables"].append(_line("version_table", dn, "row " + _v(row)))
    if catalog.row_counts is not None:
        for key, n in catalog.row_counts.items():
            sections["row counts"].append(
                f"rows {catalog.row_count_mode} {key.split(':', 1)[1]} {_v(n)}")
    out = [f"# schemaparity text dump, format {FORMAT_VERSION}"]
    for title, lines in sections.items():
        out.append(f"[{title}]")
        out.extend(sorted(lines))
    return "\n".join(out) + "\n"


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


# ---------------------------------------------------------------- fast pair loading

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


def _changed(data_a: bytes, data_b: bytes, where_a: str, where_b: str, context: bool
             ) -> tuple[m.Catalog, m.Catalog] | None:
    """:func:`load_changed_pair` on the files' bytes: whole lines are compared as sets per
    kind (no line is decoded unless it differs), then the differing ones by name (a line
    that only lost or gained its trailing comma is the same object)."""
    parts = [_blocks(data_a), _blocks(data_b)]
    if parts[0] is None or parts[1] is None:
        return None
    (blocks_a, head_a), (blocks_b, head_b) = parts  # type: ignore[misc]
    keep_a: dict[str, dict[str, str]] = {}
    keep_b: dict[str, dict[str, str]] = {}
    for kind in set(blocks_a) | set(blocks_b):
        set_a, set_b = set(blocks_a.get(kind, ())), set(blocks_b.get(kind, ()))
        da, db = _parse_lines(set_a - set_b), _parse_lines(set_b - set_a)
        if da is None or db is None:
            return None
        keep_a[kind] = {n: v for n, v in da.items() if db.get(n) != v}
        keep_b[kind] = {n: v for n, v in db.items() if da.get(n) != v}
    if context and not _add_context((blocks_a, keep_a), (blocks_b, keep_b)):
        return None
    return _reduced(head_a, keep_a, where_a), _reduced(head_b, keep_b, where_b)


def _add_context(*sides: tuple[dict[str, list[bytes]], dict[str, dict[str, str]]]) -> bool:
    """What a planner reads beyond the changed objects: the tables they sit on (with their
    keys and indexes) and every view. False when a type changed: then it reads all."""
    if any(keep.get(k) for _, keep in sides for k in ("enums", "domains", "composites")):
        return False
    tables = {".".join(n.split(".")[:2]) for _, keep in sides
              for k in ("constraints", "indexes", "triggers", "policies") for n in keep.get(k, {})}
    tables |= {n for _, keep in sides for n in keep.get("tables", {})}
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


def _reduced(head: dict[str, Any], objects: dict[str, dict[str, str]], where: str
             ) -> m.Catalog:
    """A catalog of a dump's other fields (``head``) and just the given objects' lines."""
    parsed = {k: {n: json.loads(v) for n, v in objs.items()} for k, objs in objects.items()}
    return from_json(json.dumps({**head, "objects": parsed}), where)


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
    return _changed(data[0], data[1], str(a), str(b), context)
