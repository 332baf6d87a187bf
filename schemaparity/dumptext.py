"""The text dump: for people, grep and ``diff``. One line per fact, ``[sections]`` in a fixed
order, lines sorted by code point (UTF-8 byte order), never by a database collation.

Each kind's lines go to the section its model class names (``SPEC.section``); sections come
in the order of the kinds, after ``[server]``; ``[comments]`` follows the sections of the
kinds that can carry a comment, and ``[row counts]`` ends the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from schemaparity import model as m
from schemaparity.dumpload import FORMAT_VERSION

_SIMPLE = re.compile(r"^[a-z_][a-z0-9_$]*$")
_BARE = re.compile(r"[A-Za-z0-9_.:$=\-+/]+")


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
    if s and _BARE.fullmatch(s):
        return s
    return json.dumps(s, ensure_ascii=False)


def _attrs(obj: Any, skip: tuple[str, ...]) -> str:
    d = m.json_fields(obj)
    # the recorded dependencies are planning data: the JSON dump has them, the text does not
    return " ".join(f"{k}={_v(d[k])}" for k in sorted(d) if k not in skip and k != m.DEPENDS)


def _line(*parts: str) -> str:
    return " ".join(p for p in parts if p)


_IDENT_FIELDS = ("schema", "name", "table", "comment")


def _sections() -> tuple[str, ...]:
    def has_comment(kind: m.Kind) -> bool:
        return any(f.name == "comment" for f in fields(m.CLASSES[kind.name]))

    kinds = [k for k in m.REGISTRY if k.section is not None]
    with_comments = [k.section for k in kinds if has_comment(k)]
    others = [k.section for k in kinds if not has_comment(k)]
    return ("server", *dict.fromkeys(with_comments), "comments",
            *(s for s in dict.fromkeys(others) if s not in with_comments), "row counts")


SECTIONS = _sections()


class _Text:
    """The lines of one text dump, per section."""

    def __init__(self) -> None:
        self.sections: dict[str, list[str]] = {s: [] for s in SECTIONS}

    def comment(self, kind: str, display: str, text: str | None) -> None:
        if text is not None:
            self.sections["comments"].append(f"comment {kind} {display} {_v(text)}")

    def plain(self, obj: Any, section: list[str]) -> None:
        """The usual line: kind, qualified name, the other fields; its comment apart."""
        display = name(*(getattr(obj, f) for f in obj.SPEC.ident))
        section.append(_line(obj.KIND, display, _attrs(obj, _IDENT_FIELDS)))
        self.comment(obj.KIND, display, obj.comment)

    def extension(self, e: m.Extension, section: list[str]) -> None:
        section.append(_line("extension", name(e.name), _attrs(e, ("name",))))

    def table(self, t: m.Table, section: list[str]) -> None:
        dn = name(t.schema, t.name)
        section.append(_line("table", dn, _attrs(t, (*_IDENT_FIELDS, "columns"))))
        self.comment("table", dn, t.comment)
        for c in t.columns:
            section.append(_line("table", dn, f"column {c.position:04d}", name(c.name),
                                 _attrs(c, ("name", "position", "comment"))))
            self.comment("column", name(t.schema, t.name, c.name), c.comment)

    def function(self, f: m.Function, section: list[str]) -> None:
        dn = f"{name(f.schema, f.name)}({f.identity_args})"
        section.append(_line(f.kind, dn, _attrs(f, (*_IDENT_FIELDS, "identity_args", "kind"))))
        self.comment(f.kind, dn, f.comment)

    def version_table(self, vt: m.VersionTable, section: list[str]) -> None:
        dn = name(vt.schema, vt.name)
        section.append(_line("version_table", dn, "columns=" + _v(vt.columns)))
        for row in vt.rows:
            section.append(_line("version_table", dn, "row " + _v(row)))

    def writer(self, kind: str) -> Callable[[Any, list[str]], None]:
        return getattr(self, kind) if kind in _OWN_LINES else self.plain


# kinds whose lines are not the usual one
_OWN_LINES = frozenset({"extension", "table", "function", "version_table"})


def to_text(catalog: m.Catalog) -> str:
    """The text dump: sections in a fixed order, lines sorted by code point within each."""
    out = _Text()
    out.sections["server"].append(f"server_version {catalog.server_version}")
    if catalog.engine is not None:
        out.sections["server"].append(f"engine {_v(catalog.engine)}")
    for kind in m.REGISTRY:
        if kind.attr is None:
            continue
        write, section = out.writer(kind.name), out.sections[kind.section]
        for obj in getattr(catalog, kind.attr).values():
            write(obj, section)
    if catalog.row_counts is not None:
        for key, n in catalog.row_counts.items():
            out.sections["row counts"].append(
                f"rows {catalog.row_count_mode} {key.split(':', 1)[1]} {_v(n)}")
    lines = [f"# schemaparity text dump, format {FORMAT_VERSION}"]
    for title, section in out.sections.items():
        lines.append(f"[{title}]")
        lines.extend(sorted(section))
    return "\n".join(lines) + "\n"
