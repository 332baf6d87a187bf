"""Two live databases compared at the speed of one: both read at the same time.

``schemaparity diff DSN DSN`` spends nearly all of its time waiting for two servers to answer
the catalog queries. The right side is read by a second thread while this one reads the left
(each side on its own connections, each in its own snapshot; the driver waits for the server
without holding the interpreter), and neither builds objects at first: each keeps its catalog
rows, serialized per object (``catalog.dump_raw``; equal rows make equal objects). Then, kind
by kind, only the objects whose rows differ get built, for the differ, and each object's rows
are let go as soon as it is built or found equal. One process holds both sides' rows once
(two processes each held the interpreter and their own rows, and sent the differing rows
across a pipe: 10,000 tables, 359 MB peak in all).
"""

from __future__ import annotations

import threading
from functools import partial

from schemaparity import model as m
from schemaparity.catalog import DumpOptions
from schemaparity.catalog.read import RawDump, dump_raw, rebuild_catalog, row_values
from schemaparity.errors import SchemaParityError, SourceError
from schemaparity.source import describe, read_live

# Each side's rows without the dependency edges: ``depends`` is planning data the differ
# leaves out (and a live pair is never planned from), and resolving the edges was a third of
# the server's work (EE vs OSS at 2,000 tables: 0.35 of 1.05 s CPU a side).
_READ = partial(dump_raw, depends=False)


def live_pair(left: str, right: str, options: DumpOptions | None = None
              ) -> tuple[m.Catalog, m.Catalog]:
    """Two live databases as two catalogs of only the objects that differ between them
    (enough for the differ, which compares matched keys only)."""
    options = options or DumpOptions()
    theirs: list[RawDump | BaseException] = []
    helper = threading.Thread(target=_read_right, args=(right, options, theirs),
                              name="right side", daemon=True)
    helper.start()
    # an error on the left is raised at once: the right side's thread is not waited for (it
    # closes its connections when its read ends, or ends with the process)
    mine = read_live(left, options, _READ)
    helper.join()
    other = theirs[0]
    if isinstance(other, BaseException):
        raise other
    keep = _differing(mine, other)
    return (rebuild_catalog(mine, keep[0], options, consume=True),
            rebuild_catalog(other, keep[1], options, consume=True))


def _read_right(source: str, options: DumpOptions, out: list[RawDump | BaseException]
                ) -> None:
    """(The second thread.) Read ``source`` as rows; an error is kept for the caller, as
    the usual one-line error."""
    try:
        out.append(read_live(source, options, _READ))
    except SchemaParityError as exc:
        out.append(exc)
    except BaseException as exc:  # noqa: BLE001 - raised in the calling thread
        out.append(SourceError(f"reading {describe(source)} failed: "
                               f"{type(exc).__name__}: {exc}"))


def _differing(left: RawDump, right: RawDump) -> tuple[dict[str, list[str]], ...]:
    """Per kind, the keys of each side whose rows the other side lacks or has otherwise; the
    rows of equal objects are let go at once. A view's text is rewritten for servers before
    16, so across major versions every view is compared by the differ."""
    keep: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
    for kind, mine in left.objects.items():
        theirs = right.objects.get(kind, {})  # (still serialized: compared as bytes)
        if kind == "views" and left.server_version != right.server_version:
            keep[0][kind], keep[1][kind] = list(mine), list(theirs)
            continue
        equal = [k for k, rows in mine.items() if theirs.get(k) == rows]
        for k in equal:
            del mine[k], theirs[k]
        if kind == "tables":
            _changed_columns_only(left, right)
        keep[0][kind], keep[1][kind] = list(mine), list(theirs)
    for kind, theirs in right.objects.items():
        if kind not in left.objects:
            keep[1][kind] = list(theirs)
    return keep


def _changed_columns_only(left: RawDump, right: RawDump) -> None:
    """Tables on both sides whose rows differ keep only the columns that differ (or are on
    one side only), when every column on both sides has the same position: the differ
    reports nothing about equal columns then, and their relative order is the same (the
    editions case: one column added to each of 10,000 tables, 110,000 equal columns built
    for nothing). A moved column keeps the whole table, for the column order."""
    name, position = (left.names["columns"].index(n) for n in ("name", "position"))
    if right.names["columns"][name] != "name" or right.names["columns"][position] != "position":
        return  # not the same query on both sides: compare whole tables
    mine, theirs = left.objects["tables"], right.objects["tables"]
    for key, data in mine.items():
        other = theirs.get(key)
        if other is None:
            continue
        (row_a, cols_a), (row_b, cols_b) = row_values(data), row_values(other)
        by_a = {c[name]: c for c in cols_a}
        by_b = {c[name]: c for c in cols_b}
        if any(c[position] != by_b[n][position] for n, c in by_a.items() if n in by_b):
            continue
        mine[key] = (row_a, tuple(c for c in cols_a if by_b.get(c[name]) != c))
        theirs[key] = (row_b, tuple(c for c in cols_b if by_a.get(c[name]) != c))
