"""What psql would do with a script: its statements, meta-commands and variable references.

A port of the lexing rules of PostgreSQL's ``src/fe_utils/psqlscan.l`` (the lexer behind
``psql -f``), to prove what a rendered plan runs. It follows psql's rules:

* whitespace ``[ \\t\\n\\r\\f]`` and ``--`` comments up to ``\\n`` or ``\\r`` are dropped at
  the start of a statement, ``--`` comments everywhere (psql does not send them);
* ``/* */`` comments nest; ``'...'`` with ``''``, ``E'...'`` with backslash escapes,
  ``B'' X'' N'' U&''``, continuation of a string over a newline; ``"..."`` and ``U&"..."``
  identifiers with ``""``; ``$tag$ ... $tag$`` dollar quotes (a ``$`` inside an identifier
  does not start one); identifiers hold ``$`` and any non-ASCII character;
* ``(`` / ``)`` depth and the ``CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ... END``
  heuristic decide which ``;`` ends a statement;
* a backslash outside quotes and comments begins a meta-command (``\\;`` and ``\\:`` only
  put the character into the query); the command runs to the end of its line;
* ``:name``, ``:'name'``, ``:"name"`` and ``:{?name}`` are variable references.

Standard-conforming strings are assumed on (the server default since 9.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPACE = re.compile(r"[ \t\n\r\f]+")
_COMMENT = re.compile(r"--[^\n\r]*")
_IDENT = re.compile(r"[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9$\x80-\U0010ffff]*")
_DOLQ = re.compile(r"\$(?:[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9\x80-\U0010ffff]*)?\$")
_DOLQ_FAILED = re.compile(r"\$[A-Za-z_\x80-\U0010ffff][A-Za-z_0-9\x80-\U0010ffff]*")
_PARAM = re.compile(r"\$[0-9]+")
_NUMBER = re.compile(r"(?:[0-9]+\.\.)|(?:(?:[0-9]*\.[0-9]+|[0-9]+\.?[0-9]*)"
                     r"(?:[Ee][-+]?[0-9]+)?)")
_VARCHAR = r"[A-Za-z_0-9\x80-\U0010ffff]"
_VARIABLE = re.compile(rf":(?:{_VARCHAR}+|'{_VARCHAR}+'|\"{_VARCHAR}+\"|\{{\?{_VARCHAR}+\}})")
_OPERATOR = re.compile(r"[~!@#^&|`?+\-*/%<>=]+")
_MULTI = ("::", "..", ":=")
# after a closing quote: the string goes on when only whitespace holding a newline and then a
# quote follow (SQL's string continuation)
_CONTINUE = re.compile(r"(?:[ \t\f]|--[^\n\r]*)*[\n\r](?:[ \t\n\r\f]+|--[^\n\r]*[\n\r])*'")
_XQ_INSIDE = re.compile(r"(?:''|[^'])*")
_XE_INSIDE = re.compile(r"(?:''|\\.|\\\Z|[^'\\])*", re.DOTALL)
_XD_INSIDE = re.compile(r'(?:""|[^"])*')


class UnterminatedError(ValueError):
    """The script ends inside a quote or comment."""


@dataclass
class Script:
    statements: list[str] = field(default_factory=list)  # as psql sends them, ';' included
    meta: list[str] = field(default_factory=list)  # each meta-command line, from its backslash
    variables: list[str] = field(default_factory=list)  # variable references, as written
    rest: str = ""  # a statement without its ';' at the end (psql sends it at EOF)


class _State:
    def __init__(self) -> None:
        self.buf: list[str] = []
        self.paren = 0
        self.begin = 0
        self.idents: list[str] = []
        self.count = 0

    def end(self, out: Script) -> None:
        out.statements.append("".join(self.buf))
        self.buf, self.paren, self.begin, self.count = [], 0, 0, 0

    def identifier(self, word: str) -> None:
        """psql's heuristic: inside CREATE [OR REPLACE] FUNCTION|PROCEDURE, BEGIN ... END
        (and CASE ... END within it) hide their semicolons."""
        if self.count == 0:
            self.idents = ["", "", "", ""]
        low = word.lower()
        if low in ("create", "function", "procedure", "or", "replace") and self.count < 4:
            self.idents[self.count] = low[0]
        self.count += 1
        i = self.idents
        routine = i[0] == "c" and (i[1] in ("f", "p") or (i[1] == "o" and i[2] == "r"
                                                          and i[3] in ("f", "p")))
        if routine and self.paren == 0:
            if low == "begin" or (low == "case" and self.begin >= 1):
                self.begin += 1
            elif low == "end" and self.begin > 0:
                self.begin -= 1


def _quoted(text: str, pos: int, inside: re.Pattern[str], close: str) -> int:
    """The end of a quoted token whose body starts at ``pos`` (string continuation included)."""
    while True:
        end = inside.match(text, pos).end()  # type: ignore[union-attr]
        if end >= len(text) or text[end] != close:
            raise UnterminatedError(f"unterminated {close} quote at {pos}")
        end += 1
        if close == '"':
            return end
        cont = _CONTINUE.match(text, end)
        if cont is None:
            return end
        pos = cont.end()


def _comment_end(text: str, pos: int) -> int:
    depth, i = 0, pos + 2
    while True:
        star, slash = text.find("*/", i), text.find("/*", i)
        if star < 0:
            raise UnterminatedError(f"unterminated /* comment at {pos}")
        if 0 <= slash < star:
            depth, i = depth + 1, slash + 2
        elif depth == 0:
            return star + 2
        else:
            depth, i = depth - 1, star + 2


def _string_start(text: str, i: int) -> tuple[int, re.Pattern[str], str] | None:
    """A string or quoted identifier starting at ``i``: (body start, body pattern, close)."""
    c, nxt = text[i], text[i + 1:i + 2]
    if c == "'":
        return i + 1, _XQ_INSIDE, "'"
    if c == '"':
        return i + 1, _XD_INSIDE, '"'
    if nxt == "'" and c in "eE":
        return i + 2, _XE_INSIDE, "'"
    if nxt == "'" and c in "bBxXnN":
        return i + 2, _XQ_INSIDE, "'"
    if c in "uU" and nxt == "&" and text[i + 2:i + 3] in ("'", '"'):
        q = text[i + 2]
        return i + 3, (_XQ_INSIDE if q == "'" else _XD_INSIDE), q
    return None


def _token(text: str, i: int, st: _State, out: Script) -> int:
    """Lex one token of the INITIAL state at ``i``; returns where the next one starts."""
    c = text[i]
    string = _string_start(text, i)
    if string is not None:
        return _quoted(text, string[0], string[1], string[2])
    if text.startswith("/*", i):
        return _comment_end(text, i)
    if c == "$":
        m = _DOLQ.match(text, i)
        if m:
            close = text.find(m.group(), m.end())
            if close < 0:
                raise UnterminatedError(f"unterminated dollar quote {m.group()} at {i}")
            return close + len(m.group())
        m = _PARAM.match(text, i) or _DOLQ_FAILED.match(text, i)
        return m.end() if m and m.re is _PARAM else i + 1
    if c == "\\":
        if text[i + 1:i + 2] in (";", ":"):
            return i + 2
        end = text.find("\n", i)
        end = len(text) if end < 0 else end
        out.meta.append(text[i:end])
        return end
    if c == ":":
        if text.startswith(_MULTI, i):
            return i + 2
        m = _VARIABLE.match(text, i)
        if m:
            out.variables.append(m.group())
            return m.end()
        return i + 1
    m = _IDENT.match(text, i)
    if m:
        st.identifier(m.group())
        return m.end()
    if c.isdigit() or (c == "." and text[i + 1:i + 2].isdigit()):
        m = _NUMBER.match(text, i)
        assert m is not None
        return m.end() - 2 if m.group().endswith("..") else m.end()
    if c == "(":
        st.paren += 1
    elif c == ")":
        st.paren = max(0, st.paren - 1)
    elif c in "~!@#^&|`?+-*/%<>=":
        m = _OPERATOR.match(text, i)
        assert m is not None
        cut = [p for p in (m.group().find("/*", 1), m.group().find("--", 1)) if p > 0]
        return i + (min(cut) if cut else len(m.group()))
    return i + 1


def lex(text: str) -> Script:
    """The statements, meta-commands and variable references of a psql script."""
    out, st, i = Script(), _State(), 0
    while i < len(text):
        m = _SPACE.match(text, i) or _COMMENT.match(text, i)
        if m:
            if st.buf and not m.group().startswith("--"):
                st.buf.append(m.group())
            i = m.end()
            continue
        if text[i] == ";":
            st.buf.append(";")
            i += 1
            if st.paren == 0 and st.begin == 0:
                st.end(out)
            continue
        end = _token(text, i, st, out)
        if text[i] == "\\" and text[i + 1:i + 2] in (";", ":"):
            st.buf.append(text[i + 1])
            if text[i + 1] == ";":
                st.count = 0
        elif text[i] != "\\":
            st.buf.append(text[i:end])
        i = end
    out.rest = "".join(st.buf).strip()
    return out
