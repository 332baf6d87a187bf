"""Partition bounds read from the dump's text, for the pre-check of an ATTACH PARTITION: the
values are split where the server's parentheses and commas are, never inside a quoted value."""

from __future__ import annotations

from schemaparity.plan.ops.partition_bounds import parse_bound


def test_a_range_value_holding_the_words_between_the_ends_is_one_value() -> None:
    bound = parse_bound("FOR VALUES FROM ('a) TO (b', 1) TO ('z', 2)", "RANGE (c, n)")
    assert bound is not None
    assert bound.lower is not None and bound.upper is not None
    assert bound.lower.values == ("'a) TO (b'", "1")
    assert bound.upper.values == ("'z'", "2")


def test_list_and_minvalue_bounds() -> None:
    listed = parse_bound("FOR VALUES IN ('x, y', NULL)", "LIST (c)")
    assert listed is not None and listed.values == ("'x, y'",) and listed.null
    ranged = parse_bound("FOR VALUES FROM (MINVALUE) TO ('m')", "RANGE (c)")
    assert ranged is not None and ranged.lower is not None and ranged.lower.values == ()


def test_what_it_cannot_read_is_none() -> None:
    assert parse_bound("FOR VALUES FROM ('a') TO ('b') extra", "RANGE (c)") is None
    assert parse_bound("FOR VALUES FROM ('a' TO ('b')", "RANGE (c)") is None
    assert parse_bound("DEFAULT", "RANGE (c)") is None
