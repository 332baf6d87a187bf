"""``schemaparity.diff(...)``: the modules named like API functions are callable.

``diff``, ``plan``, ``verify``, ``lint`` and ``stats`` are modules of the package and also
functions of :mod:`schemaparity.api`; once the API is loaded (it calls :func:`install`),
calling one of those modules calls the API function of the same name.
"""

from __future__ import annotations

import sys
import types
from typing import Any

NAMES = ("diff", "lint", "plan", "stats", "verify")


class ApiModule(types.ModuleType):
    """A module of this package that is also an API function of the same name."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        api = sys.modules["schemaparity.api"]
        return getattr(api, self.__name__.rsplit(".", 1)[1])(*args, **kwargs)


def install() -> None:
    for name in NAMES:
        module = sys.modules.get(f"schemaparity.{name}")
        if module is not None:
            module.__class__ = ApiModule
