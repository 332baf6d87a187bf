"""A JSON dump checked against the model, field by field, before anything is built from it.

What each field may hold is read from the model classes' annotations: ``str``, ``int``,
``bool``, ``X | None``, ``Literal[...]`` (the allowed values), ``tuple[X, ...]`` and fixed
``tuple[X, Y]`` (JSON lists), nested model objects (JSON objects) and ``dict[str, X]``. A
check returns None when the value is fine, else where and what is wrong, e.g.
``.columns[0].not_null: expected true or false, got "yes"``, which the loader puts after the
object's name to make its one-line error.
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable
from dataclasses import MISSING, fields, is_dataclass
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

Check = Callable[[Any], "str | None"]

_WORDS = {str: "a string", int: "an integer", bool: "true or false", type(None): "null"}


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _exact(cls: type) -> Check:
    """A value of exactly this JSON type (``true`` is no integer)."""
    want = f": expected {_WORDS[cls]}, got "

    def check(v: Any) -> str | None:
        return None if v.__class__ is cls else want + _show(v)
    return check


def _one_of(values: tuple[Any, ...], optional: bool) -> Check:
    allowed = frozenset(values)
    words = ", ".join(json.dumps(v) for v in values) + (" or null" if optional else "")
    want = f": expected one of {words}, got "

    def check(v: Any) -> str | None:
        if v.__class__ is str and v in allowed or optional and v is None:
            return None
        return want + _show(v)
    return check


def _or_null(inner: Check) -> Check:
    def check(v: Any) -> str | None:
        return None if v is None else inner(v)
    return check


def _list_of(item: Check) -> Check:
    def check(v: Any) -> str | None:
        if v.__class__ is not list:
            return f": expected a list, got {_show(v)}"
        for i, x in enumerate(v):
            error = item(x)
            if error is not None:
                return f"[{i}]{error}"
        return None
    return check


def _row(items: tuple[Check, ...]) -> Check:
    n = len(items)

    def check(v: Any) -> str | None:
        if v.__class__ is not list or len(v) != n:
            return f": expected a list of {n} values, got {_show(v)}"
        for i, (x, item) in enumerate(zip(v, items, strict=True)):
            error = item(x)
            if error is not None:
                return f"[{i}]{error}"
        return None
    return check


def _mapping(value: Check) -> Check:
    def check(v: Any) -> str | None:
        if v.__class__ is not dict:
            return f": expected an object, got {_show(v)}"
        for k, x in v.items():
            error = value(x)
            if error is not None:
                return f"[{k!r}]{error}"
        return None
    return check


def rule(tp: Any) -> Check:
    """The check of one annotation."""
    origin, args = get_origin(tp), get_args(tp)
    if tp in _WORDS:
        return _exact(tp)
    if origin is Literal:
        return _one_of(args, optional=False)
    if origin in (Union, types.UnionType):
        rest = tuple(a for a in args if a is not type(None))
        if len(rest) != 1 or len(rest) == len(args):
            raise TypeError(f"no dump check for {tp!r}")
        if get_origin(rest[0]) is Literal:
            return _one_of(get_args(rest[0]), optional=True)
        return _or_null(rule(rest[0]))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _list_of(rule(args[0]))
        return _row(tuple(rule(a) for a in args))
    if origin is dict and args[0] is str:
        return _mapping(rule(args[1]))
    if isinstance(tp, type) and is_dataclass(tp):
        return object_check(tp)
    raise TypeError(f"no dump check for {tp!r}")


@cache
def field_checks(cls: type) -> dict[str, Check]:
    """The check of each field of a model class, from its annotations."""
    hints = get_type_hints(cls)
    return {f.name: rule(hints[f.name]) for f in fields(cls)}


def _plain_classes(tp: Any) -> frozenset[type] | None:
    """The JSON classes a value of a plain annotation (``str``, ``int | None``...) may have;
    None for any other annotation."""
    if tp in _WORDS:
        return frozenset({tp})
    if get_origin(tp) in (Union, types.UnionType) and all(a in _WORDS for a in get_args(tp)):
        return frozenset(get_args(tp))
    return None


@cache
def object_check(cls: type) -> Check:
    """The check of a model object as a JSON object: no unknown field, every field without a
    default present, each field's value as its annotation says."""
    checks = field_checks(cls)
    hints = get_type_hints(cls)
    # fields of plain types are checked inline (most of a dump), the others by their check;
    # a wrong value is explained by its field's check either way
    plain = {f.name: c for f in fields(cls) if (c := _plain_classes(hints[f.name]))}
    required = tuple(f.name for f in fields(cls)
                     if f.default is MISSING and f.default_factory is MISSING)
    needed = frozenset(required)

    def check(d: Any) -> str | None:
        if d.__class__ is not dict:
            return f": expected an object, got {_show(d)}"
        for k, v in d.items():
            classes = plain.get(k)
            if classes is not None and v.__class__ in classes:
                continue
            field_check = checks.get(k)
            if field_check is None:
                return f": unknown field {k!r}"
            error = field_check(v)
            if error is not None:
                return f".{k}{error}"
        if not needed.issubset(d):
            return f": missing field {next(n for n in required if n not in d)!r}"
        return None
    return check
