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
from schemaparity.dumpbuild import builder
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


def build_object(cls: type, data: dict[str, Any]) -> Any:
    """One model object from its JSON fields, already checked: lists become tuples, a
    table's columns Column objects."""
    kwargs = data
    for name in _TUPLE_FIELDS[cls]:  # a few names: cheaper than a set made per object
        if name not in data:
            continue
        if kwargs is data:
            kwargs = dict(data)
        if cls is m.Table and name == "columns":
            kwargs[name] = tuple(build_object(m.Column, c) for c in data[name])
        else:
            kwargs[name] = _tuples(data[name])
    return cls(**kwargs)


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
                  memo: dict[Any, Any] | None = None) -> Any:
    """One object of a dump, checked field by field and built (in one compiled pass,
    :mod:`schemaparity.dumpbuild`; the field-by-field check says what is wrong when that
    pass refuses it). ``memo``, kept over a load, makes equal columns one object."""
    item = builder(cls)(obj, {} if memo is None else memo)
    if item is None:
        error = object_check(cls)(obj)
        if error is not None:
            raise DumpFormatError(f"{origin}: {attr}[{name!r}]{error}")
        item = build_object(cls, obj)  # never: the compiled pass refuses only what this does
    if item.key != f"{cls.KIND}:{name}":
        raise DumpFormatError(f"{origin}: {attr}[{name!r}] does not match its fields")
    return item


def catalog_of(data: dict[str, Any], kinds: dict[str, Any]) -> m.Catalog:
    """The catalog of a dump's checked fields (``data``) and its built objects (per kind:
    the objects, or a mapping of their keys to them)."""
    return m.Catalog.build(
        data["server_version"], row_counts=data.get("row_counts"),
        row_count_mode=data.get("row_count_mode"), engine=data.get("engine"), **kinds,
    )


def from_data(data: Any, origin: str = "dump") -> m.Catalog:
    """A catalog from a dump's parsed JSON; any damage is a one-line :class:`DumpFormatError`
    naming the object and the field."""
    objects = check_head(data, origin)
    kinds: dict[str, list] = {}
    memo: dict[Any, Any] = {}
    for attr, objs in objects.items():
        cls = kind_class(attr, objs, origin)
        kinds[attr] = [build_checked(cls, attr, name, obj, origin, memo)
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
