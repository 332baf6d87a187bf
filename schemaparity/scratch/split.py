"""Split a `.sql` file into statements the way psql does, without psql.

The rules are psql's own lexer's (``psqlscan.l``): ``'...'`` strings (backslash escapes in
``E'...'``, and in plain strings while ``standard_conforming_strings`` is off), ``"..."``
identifiers, ``$tag$...$tag$`` dollar quotes, ``--`` and nested ``/* */`` comments,
parentheses, and the ``BEGIN ... END`` of ``CREATE FUNCTION|PROCEDURE ... BEGIN ATOMIC``
bodies. A semicolon outside all of those ends a statement. After ``COPY ... FROM STDIN`` the
data follows up to a line ``\\.``.

Nothing is a meta-command: a backslash outside quotes, comments and COPY data is refused
(:class:`MetaCommand`), except a ``\\restrict`` / ``\\unrestrict`` line between statements
(written by recent pg_dump, harmless), which is skipped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

SKIPPED = ("restrict", "unrestrict")
_IDENT_START = r"A-Za-z_\u0080-\U0010ffff"
_TOKEN = re.compile(rf"""
    (?P<ws>[ \t\n\r\f\v]+)
  | (?P<comment>--[^\n]*)
  | (?P<block>/\*)
  | (?P<backslash>\\)
  | (?P<word>[{_IDENT_START}][{_IDENT_START}0-9$]*)
  | (?P<number>[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]*)?)
  | (?P<dollar>\$(?:[{_IDENT_START}][{_IDENT_START}0-9]*)?\$)
  | (?P<param>\$[0-9]+)
  | (?P<other>.)
""", re.X | re.S)
_BLOCK = re.compile(r"/\*|\*/")
_META = re.compile(r"\\([^\s\\]*)")


class MetaCommand(Exception):
    """A psql meta-command (a backslash outside quotes) at ``line``."""

    def __init__(self, line: int, command: str) -> None:
        super().__init__(f"line {line}: {command}")
        self.line = line
        self.command = command


class SplitError(Exception):
    """Text the splitter will not pass on (e.g. after ``COPY ... FROM STDIN;`` on its line)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Statement:
    """One statement: its text (first token to the semicolon), the line it starts on, its first
    words (lower case, outside parentheses) and, for ``COPY ... FROM STDIN``, the data."""

    text: str
    line: int
    words: tuple[str, ...]
    copy_data: str | None = None

    def starts(self, *words: str) -> bool:
        return self.words[:len(words)] == words


class _Scan:
    """One pass over the text; :meth:`statement` returns the next statement or None."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def _end_of_line(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return len(self.text) if end < 0 else end

    def _skip_block(self, pos: int) -> int:
        depth = 0
        for m in _BLOCK.finditer(self.text, pos):
            depth += 1 if m.group() == "/*" else -1
            if depth == 0:
                return m.end()
        return len(self.text)

    def _skip_quoted(self, pos: int, quote: str, backslash: bool) -> int:
        """Past the literal or identifier opening at ``pos``; ``quote`` doubled is itself."""
        text, i = self.text, pos + 1
        while True:
            j = text.find(quote, i)
            if j < 0:
                return len(text)
            if backslash:
                k = text.find("\\", i, j)
                if k >= 0:
                    i = k + 2
                    continue
            if text.startswith(quote, j + 1):
                i = j + 2
                continue
            return j + 1

    def _word(self, m: re.Match[str], std: bool) -> int | None:
        """A prefixed literal (``E'``, ``B'``, ``X'``, ``N'``, ``U&'``, ``U&"``) after the word:
        where it ends; None for a plain word."""
        word, end, text = m.group().lower(), m.end(), self.text
        if text.startswith("'", end):
            if word == "e":
                return self._skip_quoted(end, "'", True)
            if word in ("b", "x"):
                return self._skip_quoted(end, "'", False)
            if word == "n":
                return self._skip_quoted(end, "'", not std)
        if word == "u" and text.startswith(("&'", '&"'), end):
            return self._skip_quoted(end + 1, text[end + 1], False)
        return None

    def _meta(self, pos: int, started: bool) -> int:
        """A backslash at ``pos``: skip a harmless line between statements, else refuse."""
        command = _META.match(self.text, pos)
        assert command is not None
        line_start = self.text.rfind("\n", 0, pos) + 1
        if (not started and command.group(1) in SKIPPED
                and not self.text[line_start:pos].strip()):
            return self._end_of_line(pos)
        raise MetaCommand(self.line_of(pos), command.group() or "\\")

    def statement(self, std: bool) -> Statement | None:
        text, pos, start = self.text, self.pos, -1
        paren = begin = 0
        words: list[str] = []  # every word, for psql's BEGIN ... END heuristic
        top: list[str] = []  # the words outside parentheses
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            assert m is not None
            kind, end = m.lastgroup, m.end()
            if kind in ("ws", "comment"):
                pos = end
                continue
            if kind == "block":
                pos = self._skip_block(pos)
                continue
            if kind == "backslash":
                pos = self._meta(pos, start >= 0)
                continue
            if start < 0:
                start = pos
            if kind == "word":
                literal = self._word(m, std)
                if literal is not None:
                    end = literal
                else:
                    word = m.group().lower()
                    begin = _track_begin(words, word, paren, begin)
                    if paren == 0 and len(top) < 64:
                        top.append(word)
            elif kind == "dollar":
                close = text.find(m.group(), end)
                end = len(text) if close < 0 else close + len(m.group())
            elif kind == "other":
                char = m.group()
                if char in "'\"":
                    end = self._skip_quoted(pos, char, char == "'" and not std)
                elif char == "(":
                    paren += 1
                elif char == ")" and paren > 0:
                    paren -= 1
                elif char == ";" and paren == 0 and begin == 0:
                    self.pos = end
                    return self._finish(start, end, top)
            pos = end
        self.pos = len(text)
        return self._finish(start, len(text), top) if start >= 0 else None

    def _finish(self, start: int, end: int, words: list[str]) -> Statement:
        stmt = Statement(self.text[start:end], self.line_of(start), tuple(words[:8]))
        if not (stmt.starts("copy") and _copy_in(words)):
            return stmt
        eol = self._end_of_line(end)
        if self.text[end:eol].strip():
            raise SplitError(self.line_of(end), "text after COPY ... FROM STDIN on the same "
                             "line (the data starts on the next line)")
        data_start = min(eol + 1, len(self.text))
        match = re.compile(r"^\\\.\r?$", re.M).search(self.text, data_start)
        data_end = match.start() if match else len(self.text)
        self.pos = self._end_of_line(match.end()) if match else len(self.text)
        return Statement(stmt.text, stmt.line, stmt.words, self.text[data_start:data_end])


def _track_begin(words: list[str], word: str, paren: int, begin: int) -> int:
    """psql's heuristic: inside CREATE [OR REPLACE] FUNCTION|PROCEDURE (outside parentheses),
    BEGIN opens a block, CASE opens one inside a block, END closes one."""
    if len(words) < 4:
        words.append(word)
    initials = [w[0] if w in ("create", "function", "procedure", "or", "replace") else ""
                for w in words[:4]]
    initials += [""] * (4 - len(initials))
    routine = initials[0] == "c" and (
        initials[1] in ("f", "p")
        or (initials[1] == "o" and initials[2] == "r" and initials[3] in ("f", "p")))
    if not routine or paren != 0:
        return begin
    if word == "begin":
        return begin + 1
    if word == "case":
        return begin + 1 if begin >= 1 else begin
    if word == "end":
        return begin - 1 if begin > 0 else begin
    return begin


def _copy_in(words: list[str]) -> bool:
    return any(a == "from" and b == "stdin" for a, b in zip(words, words[1:], strict=False))


def split(text: str, std_strings: Callable[[], bool] = lambda: True) -> Iterator[Statement]:
    """The statements of ``text`` in order. ``std_strings`` is asked before each statement
    whether ``standard_conforming_strings`` is on (as psql asks the server)."""
    scan = _Scan(text)
    while True:
        stmt = scan.statement(std_strings())
        if stmt is None:
            return
        yield stmt
