"""``Catalog.build`` keys each kind's objects in sorted key order, whatever order they come in,
and never shares a mapping the caller keeps."""

from __future__ import annotations

from schemaparity import model as m


def _schemas(*names: str) -> list[m.Schema]:
    return [m.Schema(n) for n in names]


def test_objects_in_any_order_are_keyed_in_sorted_order() -> None:
    names = ["b", "a", "c", "a b", "B", "é"]
    expected = sorted(f"schema:{n}" for n in names)
    as_list = m.Catalog.build(15, schemas=_schemas(*names))
    as_dict = m.Catalog.build(15, schemas={s.key: s for s in _schemas(*names)})
    assert list(as_list.schemas) == expected
    assert list(as_dict.schemas) == expected
    assert as_list == as_dict


def test_a_sorted_mapping_is_copied_not_shared() -> None:
    given = {s.key: s for s in _schemas("a", "b", "c")}  # already in key order
    catalog = m.Catalog.build(15, schemas=given)
    assert catalog.schemas == given and catalog.schemas is not given
    given["schema:d"] = m.Schema("d")
    del given["schema:a"]
    assert list(catalog.schemas) == ["schema:a", "schema:b", "schema:c"]


def test_one_key_out_of_place_is_sorted() -> None:
    given = {s.key: s for s in _schemas("a", "c", "b", "d")}
    assert list(m.Catalog.build(15, schemas=given).schemas) == [
        "schema:a", "schema:b", "schema:c", "schema:d"]
