"""Fewer full garbage collections while a large schema's objects pile up.

A dump or a diff of 10,000 tables makes a few hundred thousand small objects that live until
the work is done. With the default thresholds (700, 10, 10) the collector re-scans all of
them in full collections over and over: about a second of a 10,000-table dump. Young
collections stay on; only their frequency and the full ones are relaxed.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

RELAXED = (100_000, 50, 100)


@contextlib.contextmanager
def relaxed() -> Iterator[None]:
    """Raise the thresholds to at least :data:`RELAXED` for a block; restore them after."""
    before = gc.get_threshold()
    gc.set_threshold(*(max(b, r) for b, r in zip(before, RELAXED, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collection at all for a block that makes objects by the hundred thousand and no
    garbage cycles (planning and writing a plan: ten young collections during it cost
    0.17 s at 10,000 tables and found nothing). After the block the collector is back as
    it was, and what the block made is moved to the oldest generation without being
    scanned (``freeze`` then ``unfreeze``: lists spliced, not walked), so no young
    collection walks it all at once instead; when the caller froze objects itself, they
    stay frozen and this block's objects stay young."""
    was = gc.isenabled()
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        yield
    finally:
        if not frozen:
            gc.freeze()
            gc.unfreeze()
        if was:
            gc.enable()
