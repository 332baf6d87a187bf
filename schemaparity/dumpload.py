"""Loading a JSON dump back into the model: every object is checked field by field against
the model (:mod:`schemaparity.dumpcheck`) before it is built, so any damage is one line
naming the object and the field, never a traceback."""

from __future__ import annotations

import json
import os
from dataclasses import fields
from pathlib import Path
from typing import Any

from schemaparity import model as m
from schemaparity.dumpcheck import field_checks, object_check
from schemaparity.errors import DumpFormatError

FORMAT_VERSION = 1


def _tuples(value: Any) -> Any:
    if value.__class__ is list:
        for v in value:
            if v.__class__ is list:
                return tuple(_tuples(v) for v in value)
        return tuple(value)  # a flat list (names, ACL items): no call per item
    return value


def _tuple_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if str(f.type).startswith("tuple"))


_TUPLE_FIELDS = {cls: _tuple_fields(cls) for cls in m.CLASSES.values()}
KIND_CLASSES = dict(m.KINDS)  # objects.<attr> -> model class


def build_object(cls: type, data: dict[str, Any], shared: dict[int, Any] | None = None) -> Any:
    """One model object from its JSON fields, already checked: lists become tuples, a
    table's columns Column objects (one object for a column dict in ``shared``)."""
    kwargs = data
    for name in _TUPLE_FIELDS[cls]:  # a few names: cheaper than a set made per object
        if name not in data:
            continue
        if kwargs is data:
            kwargs = dict(data)
        if cls is m.Table and name == "columns":
            kwargs[name] = (tuple(build_object(m.Column, c) for c in data[name])
                            if shared is None else tuple(_column(c, shared) for c in data[name]))
        else:
            kwargs[name] = _tuples(data[name])
    return cls(**kwargs)


def _column(data: dict[str, Any], shared: dict[int, Any]) -> Any:
    column = shared.get(id(data))
    if column is None:
        column = shared[id(data)] = build_object(m.Column, data)
    return column


def _check_table(check: Any, obj: Any, shared: dict[int, Any],
                 memo: dict[Any, Any] | None) -> str | None:
    """``check`` of a table whose columns are checked and built here, into ``shared`` (the
    Column of a column dict): a dict built before (two sides of a pair holding the same
    one), or equal to a column in ``memo`` (any table's, same fields, same JSON classes: a
    ``true`` is no ``1``), is neither checked nor built again."""
    columns = obj.get("columns") if obj.__class__ is dict else None
    if columns.__class__ is not list:
        return check(obj)  # type: ignore[no-any-return]
    column_check = object_check(m.Column)
    for i, c in enumerate(columns):
        if id(c) in shared:
            continue
        key: Any = None
        if memo is not None and c.__class__ is dict:
            key = (tuple(c.items()), tuple(map(type, c.values())))
            try:
                column = memo.get(key)
            except TypeError:  # a list in it (depends, acl): not a key
                column = key = None
        if key is None or column is None:
            error = column_check(c)
            if error is not None:
                return f".columns[{i}]{error}"
            column = build_object(m.Column, c)
            if key is not None:
                memo[key] = column
        shared[id(c)] = column
    return check({**obj, "columns": []})  # type: ignore[no-any-return]


def check_head(data: Any, origin: str) -> dict[str, Any]:
    """The dump's ``objects``, after checking everything around them."""
    if not isinstance(data, dict) or "format_version" not in data:
        raise DumpFormatError(f"{origin}: not a schemaparity dump (no format_version)")
    version = data["format_version"]
    if version != FORMAT_VERSION:
        raise DumpFormatError(
            f"{origin}: dump format_version {version!r} is not supported"
            f" (this schemaparity reads {FORMAT_VERSION}); re-create it with `schemaparity dump`"
        )
    objects = data.get("objects")
    if not isinstance(objects, dict) or data.get("server_version").__class__ is not int:
        raise DumpFormatError(f"{origin}: missing 'objects' or 'server_version'")
    counts = data.get("row_counts")
    if counts is not None and not isinstance(counts, dict):
        raise DumpFormatError(f"{origin}: row_counts must be an object or null")
    catalog_fields = field_checks(m.Catalog)
    for name in ("row_counts", "row_count_mode", "engine"):
        error = catalog_fields[name](data.get(name))
        if error is not None:
            raise DumpFormatError(f"{origin}: {name}{error}")
    return objects


def kind_class(attr: str, objs: Any, origin: str) -> type:
    """The model class of a dump's ``objects.<attr>``; an unknown kind is an error."""
    cls = KIND_CLASSES.get(attr)
    if cls is None:
        raise DumpFormatError(f"{origin}: unknown object kind {attr!r}")
    if not isinstance(objs, dict):
        raise DumpFormatError(f"{origin}: objects.{attr} must be an object")
    return cls


def build_checked(cls: type, attr: str, name: str, obj: Any, origin: str,
                  shared: dict[int, Any] | None = None,
                  memo: dict[Any, Any] | None = None) -> Any:
    """One object of a dump, checked field by field and built; ``shared`` (id of a column
    dict -> its Column), given for both sides of a pair, builds a column dict both hold
    once; ``memo`` (kept over many tables, see :func:`_check_table`) checks and builds
    equal columns once."""
    check = object_check(cls)
    if shared is not None and cls is m.Table:
        error = _check_table(check, obj, shared, memo)
    else:
        error = check(obj)
    if error is not None:
        raise DumpFormatError(f"{origin}: {attr}[{name!r}]{error}")
    item = build_object(cls, obj, shared)
    if item.key != f"{cls.KIND}:{name}":
        raise DumpFormatError(f"{origin}: {attr}[{name!r}] does not match its fields")
    return item


def catalog_of(data: dict[str, Any], kinds: dict[str, list[Any]]) -> m.Catalog:
    """The catalog of a dump's checked fields (``data``) and its built objects."""
    return m.Catalog.build(
        data["server_version"], row_counts=data.get("row_counts"),
        row_count_mode=data.get("row_count_mode"), engine=data.get("engine"), **kinds,
    )


def from_data(data: Any, origin: str = "dump") -> m.Catalog:
    """A catalog from a dump's parsed JSON; any damage is a one-line :class:`DumpFormatError`
    naming the object and the field."""
    objects = check_head(data, origin)
    kinds: dict[str, list] = {}
    for attr, objs in objects.items():
        cls = kind_class(attr, objs, origin)
        kinds[attr] = [build_checked(cls, attr, name, obj, origin)
                       for name, obj in objs.items()]
    return catalog_of(data, kinds)


def from_json(text: str, origin: str = "dump") -> m.Catalog:
    """Load a JSON dump; any damage is a one-line :class:`DumpFormatError`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DumpFormatError(
            f"{origin}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno});"
            " is the file truncated?"
        ) from exc
    return from_data(data, origin)


def load(path: str | os.PathLike[str]) -> m.Catalog:
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except FileNotFoundError:
        raise DumpFormatError(f"{p}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DumpFormatError(f"{p}: cannot read: {exc}") from exc
    return from_json(text, str(p))
