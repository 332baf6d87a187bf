"""The order of a diff's changes: by kind (the registry's order), key and operation, ties in
the order the differ found them."""

from __future__ import annotations

import random

from schemaparity.diff import KIND_ORDER, Change, change_order


def test_changes_sort_by_kind_key_and_operation_and_ties_keep_their_order() -> None:
    rng = random.Random(15)
    kinds = [*KIND_ORDER, "not_a_kind"]
    changes = [Change(rng.choice(kinds), f"x:{rng.randint(0, 40)}",
                      rng.choice(["added", "removed", "changed", "renamed"]),
                      summary=str(n)) for n in range(4000)]
    got = sorted(changes, key=change_order)
    # written out here: the kind's place in the registry (an unknown kind last), key, op,
    # then the order they came in
    expected = sorted(range(len(changes)), key=lambda n: (
        list(KIND_ORDER).index(changes[n].kind) if changes[n].kind in KIND_ORDER else 99,
        changes[n].key, changes[n].op, n))
    assert [c.summary for c in got] == [str(n) for n in expected]
    assert [c.sort_key for c in got] == [change_order(c) for c in got]
