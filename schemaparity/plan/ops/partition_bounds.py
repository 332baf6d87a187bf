"""A partition bound, as the dump records it, read into what the pre-check template needs to
ask PostgreSQL whether a row satisfies it.

``FOR VALUES FROM (a, b) TO (c, d)`` keeps a row whose key is not NULL and, compared as a row
(lexicographically, as PostgreSQL routes it), at least the lower and below the upper bound;
``MINVALUE``/``MAXVALUE`` cut the compared prefix. ``FOR VALUES IN (...)`` keeps a row whose
key is one of the values (or NULL when NULL is listed). ``FOR VALUES WITH (MODULUS m, REMAINDER
r)`` is asked of ``satisfies_hash_partition`` on the parent. ``DEFAULT`` is read by the caller
from the bounds of the other partitions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_FROM, _TO = "FOR VALUES FROM (", ") TO ("
_LIST = re.compile(r"FOR VALUES IN \((.*)\)", re.S)
_HASH = re.compile(r"FOR VALUES WITH \(modulus (\d+), remainder (\d+)\)", re.I)
_KEY = re.compile(r"(RANGE|LIST|HASH) \((.*)\)", re.S)


@dataclass(frozen=True, slots=True)
class Side:
    """One end of a range: ``op`` (``>=``, ``>``, ``<``, ``<=``; ``true``: no limit;
    ``false``: nothing passes) applied to the key prefix as long as ``values``."""

    op: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Bound:
    strategy: str  # range, list or hash
    keys: tuple[str, ...]
    lower: Side | None = None
    upper: Side | None = None
    values: tuple[str, ...] = ()  # list: the values other than NULL
    null: bool = False  # list: NULL is listed
    modulus: int = 0
    remainder: int = 0


def _bare(text: str, start: int = 0, depth: int = 0) -> Iterator[tuple[int, str, int]]:
    """(position, character, parenthesis depth after it) of ``text`` from ``start``, for the
    characters outside quotes."""
    quote = ""
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
            continue
        if ch in "'\"":
            quote = ch
            continue
        depth += 1 if ch in "([" else -1 if ch in ")]" else 0
        yield i, ch, depth


def top_level(text: str) -> list[str]:
    """``text`` split at its commas outside parentheses and quotes."""
    cuts = [i for i, ch, depth in _bare(text) if ch == "," and depth == 0]
    return [text[i + 1:j] for i, j in zip([-1, *cuts], [*cuts, len(text)], strict=True)]


def _closing(text: str, start: int) -> int | None:
    """Where the parenthesis opened just before ``start`` closes, outside quotes."""
    return next((i for i, _, depth in _bare(text, start, 1) if depth == 0), None)


def _range(text: str) -> tuple[str, str] | None:
    """The lower and upper values of ``FOR VALUES FROM (...) TO (...)``, split where the
    parentheses close (a quoted value may hold ``) TO (``)."""
    if not text.startswith(_FROM):
        return None
    end = _closing(text, len(_FROM))
    if end is None or not text.startswith(_TO, end):
        return None
    start = end + len(_TO)
    last = _closing(text, start)
    if last != len(text) - 1:
        return None
    return text[len(_FROM):end], text[start:last]


def partition_key(text: str | None) -> tuple[str, tuple[str, ...]] | None:
    """``RANGE (a, lower(b))`` -> ("range", ("a", "lower(b)"))."""
    found = _KEY.fullmatch((text or "").strip())
    if found is None:
        return None
    return found.group(1).lower(), tuple(k.strip() for k in top_level(found.group(2)))


def parse_bound(text: str, key: str | None) -> Bound | None:
    """The bound ``text`` of a partition of a parent partitioned by ``key``; None for DEFAULT
    or what this does not read."""
    parsed = partition_key(key)
    if parsed is None:
        return None
    strategy, keys = parsed
    if strategy == "range" and (found := _range(text.strip())):
        lower = [v.strip() for v in top_level(found[0])]
        upper = [v.strip() for v in top_level(found[1])]
        if len(lower) != len(keys) or len(upper) != len(keys):
            return None
        return Bound("range", keys, lower=_side(lower, low=True),
                     upper=_side(upper, low=False))
    if strategy == "list" and (found := _LIST.fullmatch(text.strip())) and len(keys) == 1:
        values = [v.strip() for v in top_level(found.group(1))]
        return Bound("list", keys, values=tuple(v for v in values if v.upper() != "NULL"),
                     null=any(v.upper() == "NULL" for v in values))
    if strategy == "hash" and (found := _HASH.fullmatch(text.strip())):
        return Bound("hash", keys, modulus=int(found.group(1)),
                     remainder=int(found.group(2)))
    return None


def _side(values: list[str], low: bool) -> Side:
    """One end of a range bound: the values up to the first MINVALUE/MAXVALUE are compared."""
    cut = next((i for i, v in enumerate(values) if v.upper() in ("MINVALUE", "MAXVALUE")),
               len(values))
    prefix = tuple(values[:cut])
    if cut == len(values):
        return Side(">=" if low else "<", prefix)
    # a key at least (x, MINVALUE) has a prefix at least x; at least (x, MAXVALUE): above x
    strict = (values[cut].upper() == "MAXVALUE") == low
    if not prefix:
        return Side("false" if strict else "true")
    return Side((">" if strict else ">=") if low else ("<" if strict else "<="), prefix)
