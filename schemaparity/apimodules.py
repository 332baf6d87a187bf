"""``schemaparity.diff(...)``: the modules named like API functions are callable.

``diff``, ``plan``, ``verify``, ``lint`` and ``stats`` are modules of the package and also
functions of :mod:`schemaparity.api`; each of those modules makes itself callable when it is
imported (:func:`callable_module`), and calling it loads the API and calls its function of
the same name, whichever of them was imported first.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

NAMES = ("diff", "lint", "plan", "stats", "verify")


class ApiModule(types.ModuleType):
    """A module of this package that is also an API function of the same name."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        api = importlib.import_module("schemaparity.api")
        return getattr(api, self.__name__.rsplit(".", 1)[1])(*args, **kwargs)


def callable_module(name: str) -> None:
    """Called at the end of each of those modules: ``schemaparity.<name>(...)`` works from
    then on, even before anything imported the API."""
    sys.modules[name].__class__ = ApiModule


def install() -> None:
    for name in NAMES:
        module = sys.modules.get(f"schemaparity.{name}")
        if module is not None:
            module.__class__ = ApiModule
