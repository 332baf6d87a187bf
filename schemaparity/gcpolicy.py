"""Fewer full garbage collections while a large schema's objects pile up.

A dump or a diff of 10,000 tables makes a few hundred thousand small objects that live until
the work is done. With the default thresholds (700, 10, 10) the collector re-scans all of
them in full collections over and over: about a second of a 10,000-table dump. Young
collections stay on; only their frequency and the full ones are relaxed.

A command-line run (:func:`command`) also freezes what a :func:`paused` block made (a pair
of dumps read): the collector never scans those objects again. A library caller's heap is
left as it is.

A process that ends with its command (:func:`ends_process`: the console script, ``python -m
schemaparity``) does not free what the command :func:`left` (a plan of 100,000 steps and the
catalogs it came from: 0.08 s of freeing, object by object, after the last byte is written):
the operating system takes the memory back.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

RELAXED = (100_000, 50, 100)
_command = [False]  # inside :func:`command`
_ends_process = [False]  # the process ends when its command does (:func:`ends_process`)


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
def command() -> Iterator[None]:
    """A whole command-line run: :func:`relaxed`, and what :func:`paused` blocks make is
    frozen until it ends."""
    _command[0] = True
    try:
        with relaxed():
            yield
    finally:
        _command[0] = False
        if _ends_process[0]:
            gc.freeze()  # what the command left, too: no collection at exit frees it
        else:
            gc.unfreeze()


def ends_process() -> None:
    """Say that the process ends with the command it runs next (its entry point)."""
    _ends_process[0] = True


def left(*objects: object) -> None:
    """In a command whose process ends with it, keep ``objects`` to the end: they are held
    by a list that holds itself, frozen when the command ends, which neither the
    collector nor the interpreter's exit frees. Elsewhere nothing is kept."""
    if _command[0] and _ends_process[0]:
        holder: list[object] = [*objects]
        holder.append(holder)
        gc.freeze()  # no young collection finds the holder before the command ends


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collection at all for a block that makes objects by the hundred thousand and no
    garbage cycles (reading a pair of dumps; planning and writing a plan: ten young
    collections during it cost 0.17 s at 10,000 tables and found nothing). After the block
    the collector is back as it was. In a :func:`command`, what the block made is frozen
    (never scanned again before the process ends); for a library caller it is moved to the
    oldest generation without being scanned (``freeze`` then ``unfreeze``: lists spliced,
    not walked), so no young collection walks it all at once instead; when the caller froze
    objects itself, they stay frozen and this block's objects stay young."""
    enabled = gc.isenabled()
    # counting the frozen objects walks them all (0.05 s once a pair of big dumps is read):
    # a command never needs the count
    frozen = 0 if _command[0] else gc.get_freeze_count()
    gc.disable()
    try:
        yield
    finally:
        if _command[0]:
            gc.freeze()
        elif not frozen:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()
