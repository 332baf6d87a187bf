"""Two live databases compared at the speed of one: each read by its own process.

``schemaparity diff DSN DSN`` spends nearly all of its time reading two catalogs. The right
side is read by a helper process while this one reads the left, each on its own CPU, and
neither builds objects at first: each keeps its catalog rows, serialized per object
(``catalog.dump_raw``; equal rows make equal objects). The helper sends a digest of each
object's rows; only the objects whose digests differ travel and get built, on both sides,
for the differ. Errors on either side arrive as the usual one-line errors.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from functools import partial
from typing import Any

from schemaparity import feedback
from schemaparity import model as m
from schemaparity.catalog import DumpOptions
from schemaparity.catalog.read import RawDump, dump_raw, rebuild_catalog
from schemaparity.errors import SchemaParityError, SourceError
from schemaparity.source import describe, read_live


def live_pair(left: str, right: str, options: DumpOptions | None = None
              ) -> tuple[m.Catalog, m.Catalog]:
    """Two live databases as two catalogs of only the objects that differ between them
    (enough for the differ, which compares matched keys only)."""
    options = options or DumpOptions()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    here, there = context.Pipe()
    helper = context.Process(target=_helper_side, args=(right, options, there), daemon=True)
    helper.start()
    there.close()
    try:
        mine = read_live(left, options, _READ)
        theirs = _receive(here, helper)
        mine_digests = _digests(mine)
        here.send(_differing(theirs, mine_digests))
        keep = _differing(mine_digests, theirs)
        del theirs, mine_digests  # and the rows of equal objects, before the others arrive
        mine.objects = {kind: {k: mine.objects[kind][k] for k in keys}
                        for kind, keys in keep.items()}
        right_raw, helper_kb = _receive(here, helper)
    finally:
        here.close()
        helper.join(timeout=5)
        if helper.is_alive():
            helper.terminate()
            helper.join()
    feedback.log.debug("[diff] helper process peak RSS: %d kB", helper_kb)
    return (rebuild_catalog(mine, keep, options),
            rebuild_catalog(right_raw, {k: list(v) for k, v in right_raw.objects.items()},
                            options))


# Each side's rows without the dependency edges: ``depends`` is planning data the differ
# leaves out (and a live pair is never planned from), and resolving the edges was a third of
# the server's work (EE vs OSS at 2,000 tables: 0.35 of 1.05 s CPU a side).
_READ = partial(dump_raw, depends=False)


def _digests(dump: RawDump) -> dict[str, dict[str, bytes]]:
    """A 128-bit digest of each object's rows. A view's text is rewritten for servers
    before 16, so its digest also covers the server's major version."""
    blake = hashlib.blake2b
    out = {}
    for kind, objs in dump.objects.items():
        salt = str(dump.server_version).encode() if kind == "views" else b""
        out[kind] = {key: blake(salt + rows, digest_size=16).digest()
                     for key, rows in objs.items()}
    return out


def _differing(mine: dict[str, dict[str, bytes]], theirs: dict[str, dict[str, bytes]]
               ) -> dict[str, list[str]]:
    """Per kind, the keys of ``mine`` whose digest ``theirs`` lacks or differs in."""
    return {kind: [k for k, d in objs.items() if theirs.get(kind, {}).get(k) != d]
            for kind, objs in mine.items()}


def _receive(conn: Any, helper: Any) -> Any:
    """The helper's next message; its error raised here."""
    try:
        kind, payload = conn.recv()
    except EOFError:
        raise SourceError(f"the process reading the right side ended (exit code "
                          f"{helper.exitcode})") from None
    if kind == "error":
        raise payload
    return payload


def _helper_side(source: str, options: DumpOptions, conn: Any) -> None:
    """(The helper process.) Dump ``source`` as rows, send their digests, then send the
    objects' rows the other side asks for, and the helper's peak RSS in kB (for ``-v``)."""
    import resource

    feedback.configure(quiet=True)  # the terminal belongs to the main process
    try:
        raw = read_live(source, options, _READ)
        conn.send(("digests", _digests(raw)))
        wanted = conn.recv()
        raw.objects = {kind: {k: raw.objects[kind][k] for k in keys}
                       for kind, keys in wanted.items()}
        conn.send(("rows", (raw, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass  # the main process is gone or interrupted: it reports, not us
    except SchemaParityError as exc:
        conn.send(("error", exc))
    except BaseException as exc:  # noqa: BLE001 - reported in the main process
        conn.send(("error", SourceError(f"reading {describe(source)} failed: "
                                        f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()
