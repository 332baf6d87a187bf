"""The checks of a configuration that can be judged on the differing objects of two dumps.

A check of two canonical JSON dumps needs the objects that differ (the changes) and every
object key of each side (the contract rules): both are read on the files' bytes, as ``diff``
does (:mod:`schemaparity.dumppair`). A check that needs more of its catalogs (renames or
ignores, a cross-engine comparison, constraint mappings, a dump's staleness check) reads
its sources whole.
"""

from __future__ import annotations

from schemaparity.config import CheckSpec, Config
from schemaparity.dumppair import load_check_pair
from schemaparity.parity import ChangedPair, needed_sources
from schemaparity.source import kind_of


def _fits(config: Config, spec: CheckSpec) -> bool:
    rules = spec.rules
    if rules.ignore or rules.rename_schemas or rules.rename_tables or spec.cross_engine:
        return False
    if any(e.kind == "map_constraint" for e in spec.expect):
        return False
    sources = [config.sources[name] for name in (spec.left, spec.right)]
    return all(not s.origin and kind_of(s.source) == "json" for s in sources)


def read_pairs(config: Config) -> dict[int, ChangedPair]:
    """The checks (by index) read as changed pairs: each pair of dumps read once."""
    out: dict[int, ChangedPair] = {}
    read: dict[tuple[str, str], ChangedPair | None] = {}
    for i, spec in enumerate(config.checks):
        if not _fits(config, spec):
            continue
        paths = (config.sources[spec.left].source, config.sources[spec.right].source)
        if paths not in read:
            got = load_check_pair(*paths)
            read[paths] = None if got is None else ChangedPair(got[0], got[1],
                                                               (got[2], got[3]))
        if read[paths] is not None:
            out[i] = read[paths]  # type: ignore[assignment]
    return out


def sources_left(config: Config, pairs: dict[int, ChangedPair]) -> dict[str, str]:
    """:func:`~schemaparity.parity.needed_sources` without those only the ``pairs`` read."""
    needed = needed_sources(config)
    used = {name for i, spec in enumerate(config.checks) if i not in pairs
            for name in (spec.left, spec.right)}
    used |= {n for n in needed if n.endswith("@origin")}
    used |= {n.removesuffix("@origin") for n in needed if n.endswith("@origin")}
    return {name: src for name, src in needed.items() if name in used}
