"""What the PRAGMA functions do not tell of a SQLite table, read from its ``CREATE`` text.

SQLite keeps every object's ``CREATE`` statement as written in ``sqlite_schema``. The PRAGMA
functions give columns, keys, foreign keys and indexes, but not constraint names, CHECK
constraints, generated columns' expressions, foreign keys' deferrability or ``AUTOINCREMENT``;
those come from here. The statement is split into tokens (words, quoted names, strings,
parenthesized groups) and read clause by clause; expressions are left as text for
:mod:`schemaparity.sqlite.expr`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

_TOKEN = re.compile(r"""
    (?: \s+ | --[^\n]*\n? | /\*.*?(?:\*/|$) )*      # space and comments: skipped
    (?: (?P<str>'(?:[^']|'')*')
  | (?P<q>"(?:[^"]|"")*" | `(?:[^`]|``)*` | \[[^\]]*\])
  | (?P<open>\() | (?P<close>\)) | (?P<comma>,)
  | (?P<word>[^\s'"`\[(),]+) )?
""", re.S | re.X)
# the same tokens, one alternative each (space and comments unnamed): a match per token, so
# :func:`tokens` does one regex step per token instead of trying the skip group everywhere
_LEX = re.compile(r"""
    \s+ | --[^\n]*\n? | /\*.*?(?:\*/|$)
  | (?P<str>'(?:[^']|'')*')
  | (?P<q>"(?:[^"]|"")*" | `(?:[^`]|``)*` | \[[^\]]*\])
  | (?P<open>\() | (?P<close>\)) | (?P<comma>,)
  | (?P<word>[^\s'"`\[(),]+)
""", re.S | re.X)


class Tok(NamedTuple):
    text: str  # as written
    kind: str  # str | q | word | group | comma
    inner: str = ""  # a group's text between its parentheses
    pos: int = 0  # where it starts in the text
    end: int = 0  # where it ends
    up: str = ""  # a word in capitals ("" for any other token)
    parts: tuple[Tok, ...] = ()  # a group's own top-level tokens (what tokens(inner) gives)

    @property
    def name(self) -> str:
        """The token as an identifier: quotes removed."""
        if self.kind == "q":
            body = self.text[1:-1]
            return body if self.text[0] == "[" else body.replace(self.text[0] * 2, self.text[0])
        if self.kind == "str":
            return self.text[1:-1].replace("''", "'")
        return self.text


def tokens(text: str) -> list[Tok]:
    """Top-level tokens of ``text``; a parenthesized group is one token, holding its own
    tokens in ``parts`` (one pass over the text, however deep the groups nest)."""
    stack: list[tuple[int, list[Tok]]] = []
    out: list[Tok] = []
    for match in _LEX.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        if kind == "open":
            stack.append((match.start(), out))
            out = []
        elif kind == "close":
            if not stack:
                continue  # an unbalanced ")": nothing to close
            start, outer = stack.pop()
            end = match.end()
            outer.append(Tok(text[start:end], "group", text[start + 1:match.start()], start,
                             end, "", tuple(out)))
            out = outer
        else:
            word = match.group()
            out.append(Tok(word, kind, "", match.start(), match.end(),
                           word.upper() if kind == "word" else ""))
    while stack:  # an unclosed "(": its tokens are dropped, as before
        out = stack.pop()[1]
    return out


def split_commas(toks: list[Tok]) -> list[list[Tok]]:
    parts: list[list[Tok]] = [[]]
    for tok in toks:
        if tok.kind == "comma":
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p]


def name_list(group: Tok) -> tuple[str, ...]:
    """The group ``(a, "b" COLLATE x DESC)`` -> (a, b): the first name of each item."""
    return tuple(p[0].name for p in split_commas(list(group.parts)))


@dataclass
class Key:
    """A PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY clause."""

    type: str  # primary key | unique | check | foreign key
    name: str | None = None  # CONSTRAINT name, when given
    columns: tuple[str, ...] = ()
    expr: str | None = None  # CHECK (...)
    ref_table: str | None = None
    ref_columns: tuple[str, ...] = ()
    deferrable: bool = False
    deferred: bool = False
    column_level: bool = False


@dataclass
class ColumnExtra:
    generated: str | None = None
    stored: bool = False
    autoincrement: bool = False


@dataclass
class TableText:
    columns: dict[str, ColumnExtra] = field(default_factory=dict)
    keys: list[Key] = field(default_factory=list)


_CONSTRAINT_WORDS = {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT",
                     "COLLATE", "REFERENCES", "GENERATED", "AS"}


def read_table(sql: str) -> TableText:
    """The constraints and column details of one ``CREATE TABLE`` statement."""
    toks = tokens(sql)
    body = next((t for t in toks if t.kind == "group"), None)
    out = TableText()
    if body is None:  # CREATE TABLE ... AS SELECT: no constraints
        return out
    for part in split_commas(list(body.parts)):
        head = part[0].up
        if head in ("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"):
            out.keys.extend(_clauses(part, None))
        else:
            column = part[0].name
            extra = ColumnExtra()
            rest = part[1:]
            while rest and rest[0].up not in _CONSTRAINT_WORDS:
                rest = rest[1:]  # the declared type: PRAGMA table_xinfo has it
            out.keys.extend(_clauses(rest, column, extra))
            out.columns[column] = extra
    return out


def _clauses(toks: list[Tok], column: str | None,
             extra: ColumnExtra | None = None) -> list[Key]:
    """The constraint clauses of a column definition (``column``) or a table constraint."""
    keys: list[Key] = []
    name: str | None = None
    i = 0
    while i < len(toks):
        word = toks[i].up
        if word == "CONSTRAINT" and i + 1 < len(toks):
            name, i = toks[i + 1].name, i + 2
            continue
        key, i = _clause(toks, i, column, extra)
        if key is not None:
            key.name, name = name, None
            keys.append(key)
    return keys


def _group_after(toks: list[Tok], i: int) -> tuple[Tok | None, int]:
    while i < len(toks) and toks[i].kind != "group":
        i += 1
    return (toks[i], i + 1) if i < len(toks) else (None, i)


def _clause(toks: list[Tok], i: int, column: str | None,
            extra: ColumnExtra | None) -> tuple[Key | None, int]:
    word = toks[i].up
    own = (column,) if column else ()
    if word in ("PRIMARY", "UNIQUE"):
        kind = "primary key" if word == "PRIMARY" else "unique"
        if column is None:
            group, i = _group_after(toks, i)
            return Key(kind, columns=name_list(group) if group else ()), i
        i += 2 if word == "PRIMARY" else 1
        while i < len(toks) and toks[i].up in ("ASC", "DESC", "ON", "CONFLICT", "ROLLBACK",
                                                "ABORT", "FAIL", "IGNORE", "REPLACE",
                                                "AUTOINCREMENT"):
            if toks[i].up == "AUTOINCREMENT" and extra is not None:
                extra.autoincrement = True
            i += 1
        return Key(kind, columns=own, column_level=True), i
    if word == "CHECK":
        group, i = _group_after(toks, i)
        return Key("check", columns=own, expr=group.inner.strip() if group else None,
                   column_level=column is not None), i
    if word in ("FOREIGN", "REFERENCES"):
        return _foreign_key(toks, i, own)
    if word in ("GENERATED", "AS") and extra is not None:
        group, i = _group_after(toks, i)
        extra.generated = group.inner.strip() if group else None
        if i < len(toks) and toks[i].up in ("STORED", "VIRTUAL"):
            extra.stored = toks[i].up == "STORED"
            i += 1
        return None, i
    return None, i + 1


def _foreign_key(toks: list[Tok], i: int, own: tuple[str, ...]) -> tuple[Key, int]:
    key = Key("foreign key", columns=own, column_level=bool(own))
    if toks[i].up == "FOREIGN":
        group, i = _group_after(toks, i)
        key.columns = name_list(group) if group else ()
    while i < len(toks) and toks[i].up != "REFERENCES":
        i += 1
    if i + 1 < len(toks):
        key.ref_table, i = toks[i + 1].name, i + 2
    if i < len(toks) and toks[i].kind == "group":
        key.ref_columns, i = name_list(toks[i]), i + 1
    while i < len(toks):
        word = toks[i].up
        if word in ("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "DEFAULT", "COLLATE",
                    "GENERATED", "AS", "REFERENCES") or (word == "NOT" and i + 1 < len(toks)
                                                          and toks[i + 1].up == "NULL"):
            break
        if word == "DEFERRABLE":
            key.deferrable = not (i > 0 and toks[i - 1].up == "NOT")
        if word == "DEFERRED" and key.deferrable:
            key.deferred = True
        i += 1
    return key, i


def after_as(sql: str) -> str:
    """The SELECT of a ``CREATE VIEW ... AS SELECT`` statement."""
    depth = 0
    for match in _TOKEN.finditer(sql):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth == 0 and match.group(kind).upper() == "AS":
            return sql[match.end():].strip().rstrip(";").strip()
    return sql


def index_parts(sql: str) -> tuple[list[str], str | None]:
    """The key items (as written) and the WHERE predicate of a ``CREATE INDEX`` statement."""
    toks = tokens(sql)
    group_at = next((n for n, t in enumerate(toks) if t.kind == "group"), None)
    if group_at is None:
        return [], None
    items = [_item_text(p) for p in split_commas(list(toks[group_at].parts))]
    where = next((t for t in toks[group_at + 1:] if t.up == "WHERE"), None)
    if where is None:
        return items, None
    return items, sql[where.end:].strip().rstrip(";").strip()


def _item_text(part: list[Tok]) -> str:
    """An index key item without its trailing ASC/DESC/COLLATE (PRAGMA gives those)."""
    keep: list[Tok] = []
    for tok in part:
        if tok.up in ("ASC", "DESC", "COLLATE"):
            break
        keep.append(tok)
    return " ".join(t.text for t in keep)


def trigger_parts(sql: str) -> tuple[str, list[str], str | None, str]:
    """(timing, events, WHEN expression, body) of a ``CREATE TRIGGER`` statement."""
    toks = tokens(sql)
    words = [t.up for t in toks]
    timing = "before"
    if "AFTER" in words[:8]:
        timing = "after"
    elif "INSTEAD" in words[:8]:
        timing = "instead of"
    at = next(n for n, w in enumerate(words) if w in ("INSERT", "UPDATE", "DELETE"))
    events = [words[at].lower()]
    if words[at] == "UPDATE" and at + 1 < len(words) and words[at + 1] == "OF":
        cols, n = [], at + 2
        while n < len(toks) and words[n] != "ON":
            if toks[n].kind != "comma":
                cols.append(toks[n].name)
            n += 1
        events = ["update of " + ", ".join(cols)]
    begin = next(t for t in toks if t.up == "BEGIN")
    when = next((t for t in toks if t.up == "WHEN" and t.pos < begin.pos), None)
    when_text = sql[when.end:begin.pos].strip() if when is not None else None
    return timing, events, when_text, sql[begin.pos:].strip().rstrip(";").strip()
