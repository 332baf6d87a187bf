"""Column type changes that can lose data, and how they are applied so that they fail instead.

``ALTER COLUMN ... TYPE varchar(5) USING name::varchar(5)`` truncates silently: an explicit
cast to a shorter length type cuts the value, a lower numeric scale or time precision rounds,
``timestamptz -> date`` drops the time. A narrowing change gets a ``may_fail`` hazard and:

* a *guard* when the cast would change a value silently: the step locks the table, counts
  the rows whose value the cast would change, and raises (with the count and an example)
  before anything is altered. ``typmod``: the value cast to the new type differs from the
  value cast to the new type without its modifier (length, precision, scale);
  ``roundtrip``: the value cast to the new type and back differs from the value (a smaller
  numeric kind, timestamptz to date);
* no explicit ``USING`` cast where PostgreSQL's assignment cast raises on a value that does not
  fit (``value too long for type character varying(5)``), so even an unguarded row cannot be
  cut;
* nothing more where the cast itself raises (a smaller integer, fewer integer digits, text to
  a stricter type): the step fails inside its transaction, nothing changed.

Types are read from their catalog spelling (``format_type``), so a plan from a JSON dump
decides the same way as one from a live database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STRINGS = frozenset({"text", "character varying", "character", "bpchar"})
BITS = frozenset({"bit", "bit varying"})
INTEGERS = {"smallint": 5, "integer": 10, "bigint": 19}  # decimal digits each can hold
FLOATS = {"real": 1, "double precision": 2}
DATETIMES = frozenset({"timestamp without time zone", "timestamp with time zone",
                       "time without time zone", "time with time zone", "interval"})
TIMESTAMPS = frozenset({"timestamp without time zone", "timestamp with time zone"})
# sources whose values a float type may not hold exactly
INEXACT_IN = {"real": {"double precision", "numeric", "bigint", "integer"},
              "double precision": {"numeric", "bigint"}}
UNBOUNDED = {"character": "bpchar", "bit": "bit varying"}  # bare "bit" means bit(1)

_TYPE = re.compile(r"^(?P<head>[a-z ]+)(?:\((?P<mods>\d+(?:,\d+)?)\))?(?P<tail>[a-z ]*)"
                   r"(?P<array>(?:\[\])*)$")


@dataclass(frozen=True, slots=True)
class TypeText:
    """A type as the catalog spells it: ``timestamp(3) without time zone[]``."""

    base: str  # without modifiers or brackets: "timestamp without time zone"
    mods: tuple[int, ...]
    array: bool

    @classmethod
    def parse(cls, text: str) -> TypeText:
        match = _TYPE.match(text)
        if match is None:  # a user type, quoted or qualified: no modifiers we know of
            return cls(text.removesuffix("[]"), (), text.endswith("[]"))
        base = " ".join(f"{match['head']} {match['tail']}".split())
        mods = tuple(int(x) for x in match["mods"].split(",")) if match["mods"] else ()
        return cls(base, mods, bool(match["array"]))

    @property
    def unbounded(self) -> str:
        """The type without its modifier, as a cast target."""
        return UNBOUNDED.get(self.base, self.base) + ("[]" if self.array else "")

    @property
    def length(self) -> int | None:
        """The length limit of a string or bit type (None: unlimited)."""
        return self.mods[0] if self.mods and self.base in STRINGS | BITS else None

    @property
    def precision(self) -> int:
        """Fractional-second digits of a date/time type (6 unless given)."""
        return self.mods[0] if self.mods else 6


@dataclass(frozen=True, slots=True)
class Narrowing:
    why: str  # what may not fit, for the hazard note
    guard: str | None = None  # "typmod" | "roundtrip": rows checked under the lock first
    assign: bool = False  # True: ALTER without USING (the assignment cast raises)


def narrowing(old_text: str, new_text: str) -> Narrowing | None:
    """How ``old_text -> new_text`` can lose data, or None when every value fits."""
    old, new = TypeText.parse(old_text), TypeText.parse(new_text)
    if old.array and not new.array:
        return Narrowing("an array becomes a single value: the step fails on any row")
    if old.array != new.array or (old.base, old.mods) == (new.base, new.mods):
        return None
    if new.base in STRINGS | BITS:
        return _length(old, new)
    if new.base == "numeric":
        return _numeric(old, new)
    if new.base in INTEGERS or new.base in FLOATS:
        return _number(old, new)
    if new.base == "date" and old.base in TIMESTAMPS:
        return Narrowing("the time of day is dropped: rows not at midnight make the step fail",
                         guard="roundtrip")
    if new.base in DATETIMES and new.mods and (
            old.base in STRINGS or (old.base in DATETIMES and new.precision < old.precision)):
        return Narrowing(f"fractional seconds are rounded to {new.precision} digits: rows "
                         "holding more make the step fail", guard="typmod")
    if old.base in STRINGS:
        return Narrowing("values that are not valid as the new type make the step fail")
    return None


def _length(old: TypeText, new: TypeText) -> Narrowing | None:
    limit = new.length
    if limit is None:
        return None
    old_limit = old.length if old.base in STRINGS | BITS else None
    if old_limit is not None and old_limit <= limit:
        return None
    return Narrowing(f"values longer than {limit} make the step fail (never truncated)",
                     guard="typmod", assign=new.base in STRINGS or old.base in BITS)


def _numeric(old: TypeText, new: TypeText) -> Narrowing | None:
    if not new.mods:
        return None
    precision, scale = new.mods[0], (new.mods[1] if len(new.mods) > 1 else 0)
    digits = precision - scale
    if old.base == "numeric" and old.mods:
        old_scale = old.mods[1] if len(old.mods) > 1 else 0
        if scale < old_scale:
            return Narrowing(f"values with more than {scale} decimal places would be rounded: "
                             "they make the step fail", guard="typmod")
        if digits < old.mods[0] - old_scale:
            return Narrowing(f"values with more than {digits} integer digits make the step "
                             "fail")
        return None
    if old.base in INTEGERS:
        if digits < INTEGERS[old.base]:
            return Narrowing(f"values with more than {digits} digits make the step fail")
        return None
    if old.base == "numeric" or old.base in FLOATS or old.base in STRINGS:
        return Narrowing(f"values that do not fit numeric({precision},{scale}) exactly make "
                         "the step fail (never rounded)", guard="typmod")
    return None


def _number(old: TypeText, new: TypeText) -> Narrowing | None:
    if new.base in INTEGERS:
        if old.base in INTEGERS and INTEGERS[old.base] > INTEGERS[new.base]:
            return Narrowing(f"values out of the range of {new.base} make the step fail")
        if old.base == "numeric" or old.base in FLOATS:
            return Narrowing(f"values that are not whole numbers in the range of {new.base} "
                             "make the step fail (never rounded)", guard="roundtrip")
    elif old.base in INEXACT_IN[new.base]:
        return Narrowing(f"values {new.base} cannot hold exactly make the step fail (never "
                         "rounded)", guard="roundtrip")
    if old.base in STRINGS:
        return Narrowing("values that are not valid numbers make the step fail")
    return None


def dollar_tag(base: str, *texts: str) -> str:
    """A dollar-quote tag (``base``, ``base_1``...) that none of ``texts`` contains, so a
    name written inside ``$tag$ ... $tag$`` cannot end the quoted body."""
    tag, n = base, 0
    while any(f"${tag}$" in text for text in texts):
        n += 1
        tag = f"{base}_{n}"
    return tag
