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

from typing import Any

# The API is imported on first use (``schemaparity.api``, ``schemaparity.dump``, ...), not
# here: ``schemaparity --version`` and ``--help`` then import no database driver, SQL parser or
# template engine. ``schemaparity.apimodules`` makes the modules callable once it is loaded.
_LAZY = ("api", "check", "dump", "DumpOptions", "Catalog", "diff", "lint", "plan", "stats",
         "verify")


def __getattr__(name: str) -> Any:
    if name == "__version__":  # looked up when asked for: the package metadata is slow to load
        from importlib.metadata import PackageNotFoundError, version

        try:
            found_version = version("schemaparity")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            found_version = "0.0.0"
        globals()["__version__"] = found_version
        return found_version
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    if name in ("diff", "lint", "plan", "stats", "verify"):  # a module, callable (apimodules)
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    api = importlib.import_module("schemaparity.api")
    found = {"api": api, "check": api.check, "dump": api.dump, "DumpOptions": api.DumpOptions,
             "Catalog": api.Catalog}
    globals().update(found)
    return found[name]


__all__ = ["Catalog", "DumpOptions", "__version__", "api", "check", "diff", "dump", "lint",
           "plan", "stats", "verify"]
