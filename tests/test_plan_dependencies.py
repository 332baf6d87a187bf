"""Dependency order in real histories (issue 11): the dependency cases planned and verified
both ways on PostgreSQL 15 and 18, what the dump records for it, and the order of drops."""

from __future__ import annotations

import pytest

from schemaparity.catalog import DumpOptions
from schemaparity.normalize import Rules
from schemaparity.plan import PlanOptions, build
from schemaparity.plan.order import order
from schemaparity.plan.steps import Phase, Step, kind_and_action
from schemaparity.source import catalog_from_sql
from schemaparity.verify import verify

from .test_cases import CASES_DIR

# the tests/cases folders of issue 11's dependency causes (they run on PG 18 in
# tests/test_plan_cases.py; here on both servers)
DEPENDENCY_CASES = ("extension_domain_type", "extension_opclass_index", "extension_type_column",
                    "fk_to_unique_index", "index_on_user_function",
                    "sequence_owned_by_dropped_table", "sequence_start",
                    "trigger_instead_of_view", "view_chain_dropped", "view_chain_rebuilt",
                    "view_on_recreated_function",
                    "view_rebuilt_keeps_trigger", "view_replaced_by_table")
RULES = Rules.make(column_order="ignore")


def _catalogs(server, name: str, reverse: bool = False):  # type: ignore[no-untyped-def]
    first, second = ("b.sql", "a.sql") if reverse else ("a.sql", "b.sql")
    folder = CASES_DIR / name
    return (catalog_from_sql(folder / first, server, DumpOptions()),
            catalog_from_sql(folder / second, server, DumpOptions()), folder / first)


@pytest.mark.parametrize("reverse", [False, True], ids=["a-to-b", "b-to-a"])
@pytest.mark.parametrize("name", DEPENDENCY_CASES)
def test_dependency_case_lands_on_both_servers(name: str, reverse: bool, server) -> None:
    a, b, sql_file = _catalogs(server, name, reverse)
    plan = build(a, b, PlanOptions(force=True), RULES)
    result = verify(server, plan, a, b, RULES, sql_file)
    assert result.ok, [(c.op, c.key) for c in result.residual.changes]


def test_extensions_come_first_go_last_and_their_types_are_never_created(server) -> None:
    a, b, _ = _catalogs(server, "extension_type_column")
    assert not b.enums and not b.domains and not b.composites  # members are the extension's
    plan = build(a, b, PlanOptions(force=True), RULES)
    kinds = [kind_and_action(s.id) for s in plan.steps]
    assert not [k for k in kinds if k[0] in ("enum", "domain", "composite")]
    ids = [s.id for s in plan.steps]
    assert ids.index("1.extension.create:citext") < ids.index("2.table.create:public.users")
    down = build(b, a, PlanOptions(force=True), RULES)
    ids = [s.id for s in down.steps]
    assert ids.index("6.table.drop:public.users") < ids.index("6.extension.drop:citext")
    assert ids.index("6.column.drop:public.keep.attrs") < ids.index("6.extension.drop:hstore")


def test_a_sequence_start_change_is_planned(pg18) -> None:
    a, b, _ = _catalogs(pg18, "sequence_start")
    plan = build(a, b, PlanOptions(), RULES)
    assert [s.id for s in plan.steps] == ["1.sequence.alter:public.s"]
    assert "START WITH 1000" in plan.steps[0].sql


def test_sequences_owned_by_what_is_dropped_are_not_dropped_again(pg18) -> None:
    a, b, _ = _catalogs(pg18, "sequence_owned_by_dropped_table")
    plan = build(a, b, PlanOptions(force=True), RULES)
    assert not [s for s in plan.steps if s.key.startswith("sequence:")]


def _step(id_: str, provides: tuple[str, ...] = (), needs: tuple[str, ...] = ()) -> Step:
    return Step(id=id_, phase=Phase(int(id_[0])), key=id_.split(":", 1)[1], sql="",
                provides=provides, needs=needs)


def test_drops_go_dependents_first_in_every_phase() -> None:
    v1 = _step("1.view.drop:v1", provides=("view:v1",))
    v2 = _step("1.view.drop:v2", provides=("view:v2",), needs=("view:v1",))
    v0 = _step("1.view.drop:v0", provides=("view:v0",), needs=("view:v2",))
    assert [s.id for s in order([v1, v2, v0])] == ["1.view.drop:v0", "1.view.drop:v2",
                                                  "1.view.drop:v1"]
    # a create still waits for what it needs, drop or create
    f_drop = _step("1.function.drop:f", provides=("function:f",))
    f_new = _step("1.function.create:f", provides=("function:f",))
    user = _step("1.domain.create:a", needs=("function:f",))
    got = [s.id for s in order([user, f_new, f_drop])]
    assert got.index("1.domain.create:a") > max(got.index(f_drop.id), got.index(f_new.id))
