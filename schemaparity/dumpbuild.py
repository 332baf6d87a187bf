"""A dump object checked and built in one pass: a function per model class, written out field
by field from the class's annotations (as :mod:`schemaparity.model.plain` does on the way out).

It returns the built object when every field is as the model says, else None: the caller then
checks the object field by field (:mod:`schemaparity.dumpcheck`) for its one-line error. It
accepts nothing that check refuses and builds what `dumpload.build_object` builds: lists
become tuples, a table's columns Column objects, absent fields the class's defaults. A table's
columns may also come built (a tuple of Columns, never a JSON value: :mod:`.dumptables`).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import MISSING, fields
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from schemaparity import model as m
from schemaparity.dumpcheck import field_checks

Build = Callable[..., Any]
_PLAIN = (str, int, bool, type(None))


def _flat(value: Any) -> Any:
    """A JSON list as the model holds it: a tuple, its lists tuples too."""
    if value.__class__ is list:
        return tuple(_flat(v) for v in value)
    return value


def _test(tp: Any, name: str, env: dict[str, Any]) -> list[str] | None:
    """Lines that return None unless ``v`` fits the plain annotation ``tp`` (a JSON value
    as it is), None for any other annotation."""
    origin, args = get_origin(tp), get_args(tp)
    optional = origin in (Union, types.UnionType) and type(None) in args
    rest = tuple(a for a in args if a is not type(None)) if optional else (tp,)
    inner = rest[0] if len(rest) == 1 else None
    if inner in _PLAIN:
        test = f"v.__class__ is not {inner.__name__}"
    elif get_origin(inner) is Literal and all(a.__class__ is str for a in get_args(inner)):
        env[f"A_{name}"] = frozenset(get_args(inner))
        test = f"not (v.__class__ is str and v in A_{name})"
    else:
        return None
    return [f"if {'v is not None and ' if optional else ''}{test}: return None"]


def _field(cls: type, name: str, tp: Any, env: dict[str, Any]) -> list[str]:
    """Lines that check ``v``, the JSON value of field ``name``, and make it the model's."""
    lines = _test(tp, name, env)
    if lines is not None:
        return lines
    origin, args = get_origin(tp), get_args(tp)
    if cls is m.Table and name == "columns":  # a tuple: Columns built by dumptables
        return ["if v.__class__ is not tuple:",
                "    if v.__class__ is not list: return None",
                "    built = []",
                "    for x in v:",
                "        x = COLUMN(x, memo)",
                "        if x is None: return None",
                "        built.append(x)",
                "    v = tuple(built)"]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] in _PLAIN:
        return ["if v.__class__ is not list: return None",
                "for x in v:",
                f"    if x.__class__ is not {args[0].__name__}: return None",
                "v = tuple(v)"]
    env[f"C_{name}"] = field_checks(cls)[name]  # any other annotation: its own check
    return [f"if C_{name}(v) is not None: return None", "v = _flat(v)"]


@cache
def builder(cls: type) -> Build:
    """``build(d, memo)``: the object of class ``cls`` from its JSON dict ``d``, or None when
    ``d`` is not one. ``memo`` (a dict kept over a load) makes equal columns one object."""
    hints = get_type_hints(cls)
    env: dict[str, Any] = {"F": frozenset(f.name for f in fields(cls)),
                           "CLS": cls, "_flat": _flat}
    body = ["    if d.__class__ is not dict or not d.keys() <= F: return None"]
    args = []
    for i, f in enumerate(fields(cls)):
        checks = _field(cls, f.name, hints[f.name], env)
        if f.default is MISSING:
            body += [f"    if {f.name!r} not in d: return None", f"    v = d[{f.name!r}]"]
            body += ["    " + line for line in checks]
        else:
            env[f"D_{f.name}"] = f.default
            body += [f"    if {f.name!r} not in d: v = D_{f.name}", "    else:",
                     f"        v = d[{f.name!r}]"]
            body += ["        " + line for line in checks]
        body.append(f"    v{i} = v")
        args.append(f"v{i}")
    if cls is m.Column:  # equal columns (of any tables) are one object
        tail = [f"    k = ({', '.join(args)},)", "    o = memo.get(k)",
                "    if o is None: o = memo[k] = CLS(*k)", "    return o"]
    elif hasattr(cls, "__post_init__"):
        tail = [f"    return CLS({', '.join(args)})"]
    else:  # what the frozen dataclass's __init__ does, without a call per field through it
        tail = ["    o = NEW(CLS)", *(f"    S{i}(o, v{i})" for i in range(len(args))),
                "    return o"]
        env["NEW"] = object.__new__
        env.update((f"S{i}", getattr(cls, f.name).__set__) for i, f in enumerate(fields(cls)))
    env["COLUMN"] = builder(m.Column) if cls is m.Table else None
    source = "\n".join(["def build(d, memo):", *body, *tail])
    exec(source, env)  # noqa: S102 - generated once from the model's own annotations
    return env["build"]  # type: ignore[no-any-return]
