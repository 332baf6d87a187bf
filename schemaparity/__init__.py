"""schemaparity: dump, diff, parity-check and plan migrations between PostgreSQL schemas.

The library API (:mod:`schemaparity.api`): every command as a function returning data::

    import schemaparity as sp

    catalog = sp.dump("postgresql://localhost/app")   # or "schema.sql", or "dump.json"
    changes = sp.diff("oss.json", "ee.json").changes  # a Diff
    verdict = sp.check("schemaparity.toml")           # a Verdict
    plan = sp.plan("old.sql", "new.sql")              # a Plan; sp.verify(plan, ...) proves it

``diff``, ``plan``, ``verify``, ``lint`` and ``stats`` are also the names of modules of this
package; ``schemaparity.lint`` stays the module (``from schemaparity import lint`` keeps
working) and calling it calls :func:`schemaparity.api.lint`, and so for the others.
"""

from __future__ import annotations

import sys
import types
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("schemaparity")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from schemaparity import api  # noqa: E402 - after __version__, which the CLI imports
from schemaparity.api import check, dump  # noqa: E402
from schemaparity.catalog import DumpOptions  # noqa: E402
from schemaparity.model import Catalog  # noqa: E402


class ApiModule(types.ModuleType):
    """A module of this package that is also an API function of the same name."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(api, self.__name__.rsplit(".", 1)[1])(*args, **kwargs)


for _name in ("diff", "lint", "plan", "stats", "verify"):
    sys.modules[f"{__name__}.{_name}"].__class__ = ApiModule
del _name

__all__ = ["Catalog", "DumpOptions", "__version__", "api", "check", "diff", "dump", "lint",
           "plan", "stats", "verify"]
