"""The shape of the package: no import cycle, no private name imported across modules, no module
over 400 lines, no function over 60 lines, and the CLI, the demo and the parity check built on
``schemaparity.api``.

The imports are read from the source (``ast``), so the test sees lazy imports inside functions
too. A package's ``__init__`` that re-exports its own modules is not a cycle, as long as none of
those modules imports the ``__init__`` back.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "schemaparity"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = modules()


def imports_of(name: str, path: Path) -> list[tuple[str, str]]:
    """(imported module, imported name or '') for every schemaparity import in ``path``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            if base.split(".")[0] == "schemaparity":
                found += [(base, a.name) for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names if a.name.split(".")[0] == "schemaparity"]
    return found


def edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        deps = set()
        for base, item in imports_of(name, path):
            full = f"{base}.{item}" if item else base
            target = full if full in MODULES else base
            if target in MODULES and target != name:
                deps.add(target)
        graph[name] = deps
    return graph


def reexports(init: str, graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Edges from a package's __init__ to its own modules: not a cycle by themselves."""
    return {(init, m) for m in graph[init] if m.startswith(init + ".")}


def test_no_import_cycle() -> None:
    graph = edges()
    inits = {n for n, p in MODULES.items() if p.name == "__init__.py"}
    # a package __init__ re-exporting its own modules is not a cycle, as long as none of them
    # imports that __init__ back: only then are its re-export edges left out
    pruned = {}
    for name, deps in graph.items():
        imported_back = any(name in graph[m] for m in MODULES if m.startswith(name + "."))
        if name in inits and not imported_back:
            deps = {d for d in deps if not d.startswith(name + ".")}
        pruned[name] = deps
    try:
        list(graphlib.TopologicalSorter(pruned).static_order())
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_no_private_name_imported_across_modules() -> None:
    bad = []
    for name, path in MODULES.items():
        for base, item in imports_of(name, path):
            if item.startswith("_") and not item.startswith("__") and base != name:
                bad.append(f"{name} imports {base}.{item}")
    assert not bad, bad


def test_modules_and_functions_are_small() -> None:
    long_modules = []
    long_functions = []
    for path in MODULES.values():
        text = path.read_text("utf-8")
        if text.count("\n") > MAX_MODULE_LINES:
            long_modules.append(f"{path.relative_to(ROOT.parent)}: {text.count(chr(10))}")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{path.relative_to(ROOT.parent)}:{node.name}: {length}")
    assert not long_modules, long_modules
    assert not long_functions, long_functions


@pytest.mark.parametrize("user", ["schemaparity.cli", "schemaparity.demo", "schemaparity.parity"])
def test_the_pipeline_is_assembled_in_the_api_only(user: str) -> None:
    """The CLI and the demo call the API; parity is pure and is called by it."""
    graph = edges()
    if user == "schemaparity.parity":
        assert "schemaparity.parity" in graph["schemaparity.api"]
        assert not graph[user] & {"schemaparity.source", "schemaparity.livepair",
                                  "schemaparity.catalog"}, graph[user]
        return
    users = [n for n in MODULES if n == user or n.startswith(user + ".")]
    assert any("schemaparity.api" in graph[n] for n in users), f"{user} does not use the api"
    readers = {"schemaparity.livepair", "schemaparity.catalog.read", "schemaparity.catalog"}
    direct = sorted(f"{n} -> {d}" for n in users for d in graph[n] & readers)
    assert not direct, f"{user} reads sources itself instead of through the api: {direct}"
