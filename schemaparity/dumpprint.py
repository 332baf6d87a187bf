"""A canonical dump's plan fingerprint (:func:`schemaparity.plan.fingerprint_text`) read on
the file's bytes, without copying them."""

from __future__ import annotations

import hashlib
import re

_OBJECTS = b'\n "objects": {'
_STOP = b'\n "row_count_mode"'

# a line's recorded dependencies (``dumpfile.without_depends``), on bytes: a byte of a UTF-8
# sequence is never a quote or a backslash, and an escaped character is ASCII; a string's
# plain runs matched whole (the same strings, in 60% of the time)
_DEPENDS = re.compile(rb'"depends": \[(?:"[^"\\]*(?:\\.[^"\\]*)*"(?:, )?)*\], ')


def fingerprint(data: bytes) -> str | None:
    """The plan fingerprint of a dump's bytes: its objects without recorded dependencies,
    hashed run by run between them (None when the dump has no objects in their place)."""
    start, stop = data.find(_OBJECTS), data.find(_STOP)
    if start < 0 or stop < start:
        return None
    digest, view, at = hashlib.sha256(), memoryview(data), start
    for found in _DEPENDS.finditer(data, start, stop):
        digest.update(view[at:found.start()])
        at = found.end()
    digest.update(view[at:stop])
    return digest.hexdigest()[:16]
