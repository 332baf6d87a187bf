"""The order of a diff's changes: by kind (the registry's order), key and operation, ties in
the order the differ found them."""

from __future__ import annotations

import random

from schemaparity.diff import KIND_ORDER, Change, _sorted


def test_changes_sort_by_kind_key_and_operation_and_ties_keep_their_order() -> None:
    rng = random.Random(15)
    kinds = [*KIND_ORDER, "not_a_kind"]
    changes = [Change(rng.choice(kinds), f"x:{rng.randint(0, 40)}",
                      rng.choice(["added", "removed", "changed", "renamed"]),
                      summary=str(n)) for n in range(4000)]
    got = _sorted(changes)
    assert [c.summary for c in got] == [
        c.summary for c in sorted(changes, key=lambda c: c.sort_key)]
    assert [KIND_ORDER.get(c.kind, 99) for c in got] == sorted(
        KIND_ORDER.get(c.kind, 99) for c in changes)
    assert _sorted([]) == ()
