"""The dumper against real servers: coverage of every kind, determinism, read-only."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from schemaparity import dumpfile
from schemaparity import model as m
from schemaparity.catalog import DumpOptions, dump
from schemaparity.catalog import read as catalog_read
from schemaparity.source import catalog_from_sql, load_sql

from .conftest import DUMPS

KITCHEN = DUMPS / "kitchen_sink.sql"
REORDERED = DUMPS / "kitchen_sink_reordered.sql"


@pytest.fixture(scope="module")
def kitchen(server) -> dict[str, object]:
    """The kitchen-sink fixture loaded once per server: its database name and catalog."""
    name = server.create_database()
    load_sql(server, server.dsn(name), KITCHEN)
    with psycopg.connect(server.dsn(name)) as conn:
        catalog = dump(conn)
    yield {"db": name, "catalog": catalog, "server": server}
    server.drop_database(name)


def test_every_kind_is_dumped(kitchen) -> None:
    cat: m.Catalog = kitchen["catalog"]
    for attr, _cls in m.KINDS:
        assert getattr(cat, attr), f"no {attr} in the kitchen-sink dump"
    tables = cat.tables
    assert tables["table:app.measurements"].kind == "partitioned"
    assert tables["table:app.measurements"].partition_key == "RANGE (recorded_at)"
    assert tables["table:app.measurements_default"].partition_bound == "DEFAULT"
    assert tables["table:app.measurements_2024"].partition_of == "app.measurements"
    assert tables["table:app.audit_events"].inherits == ("app.events",)
    assert tables["table:app.session_cache"].unlogged
    docs = tables["table:app.documents"]
    assert docs.rls_enabled and docs.rls_forced
    assert tables["table:app.customers"].reloptions == ("fillfactor=80",)
    orders = tables["table:app.orders"]
    assert [c.name for c in orders.columns][:3] == ["id", "customer_id", "status"]
    assert orders.column("id").identity == "by default"
    assert orders.column("total").generated_kind == "stored"
    assert tables["table:app.customers"].column("code").collation == "app.ci"
    assert tables["table:app.customers"].column("id").identity_options.startswith("start=1000")
    types = {c.type for c in cat.constraints.values()}
    assert types == {"primary key", "unique", "foreign key", "check", "exclude"}
    fk = cat.constraints["constraint:app.invoices.invoices_order_fkey"]
    assert (fk.match, fk.on_update, fk.on_delete, fk.deferrable, fk.deferred) == (
        "full", "cascade", "cascade", True, True)
    assert fk.ref_table == "app.orders" and fk.ref_columns == ("id", "customer_id")
    assert cat.constraints["constraint:app.invoices.invoices_order_id_key"].nulls_not_distinct
    assert not cat.constraints["constraint:app.orders.orders_cancel_note_check"].validated
    pending = cat.indexes["index:app.orders.orders_pending_idx"]
    assert pending.predicate and "pending" in pending.predicate
    assert cat.indexes["index:app.orders.orders_customer_created_idx"].include == ("total",)
    assert cat.indexes["index:app.orders.orders_pkey"].constraint == "orders_pkey"
    assert any(v.materialized for v in cat.views.values())
    assert "security_barrier=true" in cat.views["view:app.public_documents"].options
    kinds = {f.kind for f in cat.functions.values()}
    assert {"function", "procedure", "aggregate"} <= kinds
    assert any(f.body.startswith("BEGIN ATOMIC") for f in cat.functions.values())
    assert any(f.security_definer and f.settings for f in cat.functions.values())
    triggers = cat.triggers.values()
    assert any(t.when for t in triggers) and any(t.constraint for t in triggers)
    assert any(t.enabled == "disabled" for t in triggers)
    assert any(t.level == "statement" for t in triggers)
    assert {p.permissive for p in cat.policies.values()} == {True, False}
    assert cat.version_tables["version_table:public.alembic_version"].rows == (("9b1f2e3d4c5a",),)
    odd = tables['table:public.Größe']
    assert [c.name for c in odd.columns] == ["id", "MixedCase", "select", 'we"ird']
    # extension members never appear: btree_gist brings hundreds of functions
    assert "extension:btree_gist" in cat.extensions
    assert all(f.schema == "app" for f in cat.functions.values())


def test_comments_on_every_kind(kitchen) -> None:
    text = dumpfile.to_text(kitchen["catalog"])
    comments = [ln.split()[1] for ln in text.splitlines() if ln.startswith("comment ")]
    for kind in ("schema", "table", "column", "constraint", "index", "view", "function",
                 "procedure", "trigger", "policy", "enum", "sequence", "domain", "collation"):
        assert kind in comments, f"no comment line for a {kind}"


def test_text_dump_has_every_section_filled(kitchen) -> None:
    text = dumpfile.to_text(kitchen["catalog"])
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines()[1:]:
        if line.startswith("["):
            current = line.strip("[]")
            sections[current] = []
        else:
            sections[current].append(line)
    for title in ("server", "extensions", "schemas", "types", "sequences", "tables",
                  "constraints", "indexes", "views", "functions", "triggers", "policies",
                  "comments", "version tables"):
        assert sections[title], f"section [{title}] is empty"
    for title, lines in sections.items():
        assert lines == sorted(lines), f"section [{title}] is not sorted"
    assert "\n" not in "".join(sections["views"])  # multi-line SQL stays on one line


def test_json_round_trips_to_an_equal_model(kitchen) -> None:
    cat = kitchen["catalog"]
    text = dumpfile.to_json(cat)
    again = dumpfile.from_json(text)
    assert again == cat
    assert dumpfile.to_json(again) == text


def test_dumping_twice_gives_the_same_bytes(kitchen) -> None:
    server = kitchen["server"]
    with psycopg.connect(server.dsn(kitchen["db"])) as conn:
        first = dump(conn)
        second = dump(conn)
    assert dumpfile.to_json(first) == dumpfile.to_json(second) == dumpfile.to_json(
        kitchen["catalog"])
    assert dumpfile.to_text(first) == dumpfile.to_text(second)


def test_another_statement_order_gives_the_same_bytes(kitchen) -> None:
    server = kitchen["server"]
    other = catalog_from_sql(REORDERED, server, DumpOptions())
    assert dumpfile.to_json(other) == dumpfile.to_json(kitchen["catalog"])
    assert dumpfile.to_text(other) == dumpfile.to_text(kitchen["catalog"])


def test_same_ddl_on_two_major_versions(pg15, pg18) -> None:
    """Only the server version (and the versions of extensions shipped with it) differ."""
    a = dumpfile.to_text(catalog_from_sql(KITCHEN, pg15, DumpOptions())).splitlines()
    b = dumpfile.to_text(catalog_from_sql(KITCHEN, pg18, DumpOptions())).splitlines()
    assert len(a) == len(b)
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    assert ("server_version 15", "server_version 18") in differing
    for x, y in differing:
        if x.startswith("server_version"):
            continue
        assert x.startswith("extension ") and y.startswith("extension ")
        strip = lambda s: " ".join(p for p in s.split() if not p.startswith("version="))  # noqa: E731
        assert strip(x) == strip(y)


def test_dump_is_read_only_and_changes_nothing(kitchen, monkeypatch) -> None:
    server = kitchen["server"]
    dsn = server.dsn(kitchen["db"])
    seen = {}
    real_read = catalog_read._read

    def spy(conn, opts, *rest):
        seen["settings"] = conn.execute(
            "select current_setting('transaction_read_only'),"
            " current_setting('transaction_isolation')").fetchone()
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction), conn.transaction():
            conn.execute("create table sneaky (id int)")
        out = real_read(conn, opts, *rest)
        # the dump's own transaction, at its end: an id is assigned only to one that writes
        seen["xid"] = conn.execute("select pg_current_xact_id_if_assigned()").fetchone()[0]
        return out

    monkeypatch.setattr(catalog_read, "_read", spy)
    # asked of the dump's own transaction, not of the server's next transaction id: that one
    # also moves when autovacuum analyzes a table another test filled (a CI run saw 8)
    stats = ("select n_tup_ins + n_tup_upd + n_tup_del from pg_stat_database"
             " where datname = current_database()")
    with psycopg.connect(dsn) as conn:
        catalog = dump(conn, DumpOptions(row_counts="exact"))
    assert seen["settings"] == ("on", "repeatable read")
    assert seen["xid"] is None, "the dump was assigned a transaction id: it wrote something"
    assert catalog == kitchen["catalog"].__class__.build(
        catalog.server_version, **{a: catalog.objects()[a].values() for a, _ in m.KINDS},
        row_counts=catalog.row_counts, row_count_mode="exact")
    assert stats  # the counters query is valid SQL; xid comparison above is the proof
    with psycopg.connect(dsn) as conn:
        assert not conn.execute("select to_regclass('sneaky')").fetchone()[0]


def test_schema_filters(kitchen) -> None:
    server = kitchen["server"]
    with psycopg.connect(server.dsn(kitchen["db"])) as conn:
        only_app = dump(conn, DumpOptions(schemas=("app",)))
        no_app = dump(conn, DumpOptions(exclude_schemas=("app",)))
    assert {t.schema for t in only_app.tables.values()} == {"app"}
    assert list(only_app.schemas) == ["schema:app"]
    assert "app" not in {t.schema for t in no_app.tables.values()}
    assert not any(f.schema == "app" for f in no_app.functions.values())


def test_owners_privileges_and_row_counts_only_when_asked(kitchen) -> None:
    server = kitchen["server"]
    dsn = server.dsn(kitchen["db"])
    plain = kitchen["catalog"]
    assert all(t.owner is None and t.acl is None for t in plain.tables.values())
    assert plain.row_counts is None
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("grant select on app.orders to public")
        try:
            with psycopg.connect(dsn) as c2:
                full = dump(c2, DumpOptions(owners=True, privileges=True, row_counts="exact"))
                est = dump(c2, DumpOptions(row_counts="estimate"))
        finally:
            conn.execute("revoke select on app.orders from public")
    orders = full.tables["table:app.orders"]
    assert orders.owner == "postgres"
    assert any(a.startswith("=r/") for a in orders.acl)
    assert full.row_counts["table:public.alembic_version"] == 1
    assert full.row_count_mode == "exact"
    assert est.row_count_mode == "estimate" and "table:app.orders" in est.row_counts
    assert "[row counts]" in dumpfile.to_text(full)
    assert "rows exact public.alembic_version 1" in dumpfile.to_text(full)


def test_version_table_pattern(kitchen) -> None:
    server = kitchen["server"]
    with psycopg.connect(server.dsn(kitchen["db"])) as conn:
        none = dump(conn, DumpOptions(version_tables=("no_such_*",)))
        events = dump(conn, DumpOptions(version_tables=("audit_*",)))
    assert none.version_tables == {}
    assert list(events.version_tables) == ["version_table:app.audit_events"]


def test_spelled_index_definitions_equal_the_servers(server) -> None:
    """indexes.sql spells plain index definitions itself (pg_get_indexdef() is slow); on every
    index of the fixtures, including every decoration and quoting case, the text is the
    server's own, whichever path produced it."""
    name = server.create_database()
    try:
        dsn = server.dsn(name)
        load_sql(server, dsn, KITCHEN)
        load_sql(server, dsn, Path(__file__).parent / "sql" / "index_spellings.sql")
        params = {"include": [], "exclude": []}
        with psycopg.connect(dsn) as conn, conn.transaction(force_rollback=True):
            catalog_read.configure(conn, DumpOptions())
            rows = conn.execute(catalog_read.query("indexes"), params).fetchall()
            server_defs = dict(conn.execute(
                "SELECT n.nspname || '.' || c.relname, pg_catalog.pg_get_indexdef(c.oid)"
                " FROM pg_catalog.pg_class c"
                " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind IN ('i', 'I')").fetchall())
        assert len(rows) > 45
        mismatched = [(r[3], server_defs[f"{r[0]}.{r[2]}"]) for r in rows
                      if r[3] != server_defs[f"{r[0]}.{r[2]}"]]
        assert mismatched == []
        spelled = {r[2]: r[3] for r in rows}
        assert spelled["Desc Idx"].endswith("(at DESC)")
        assert spelled["pattern_ops"].endswith('("select" text_pattern_ops DESC)')
        assert spelled["with_include"].endswith('("MixedCase") INCLUDE ("größe", "select")')
    finally:
        server.drop_database(name)


def test_view_fast_path_agrees_with_the_parser_on_pg15(pg15) -> None:
    """On every view of the kitchen sink as PostgreSQL 15 deparses it, the tokenizing
    shortcut of unqualify_single_relation either declines or matches the sqlglot path."""
    from schemaparity.sqltext import _unqualify_parsed, _unqualify_simple

    name = pg15.create_database()
    try:
        load_sql(pg15, pg15.dsn(name), KITCHEN)
        with psycopg.connect(pg15.dsn(name)) as conn:
            texts = [r[0] for r in conn.execute(
                "SELECT pg_catalog.pg_get_viewdef(c.oid) FROM pg_catalog.pg_class c"
                " WHERE c.relkind IN ('v', 'm') AND c.relnamespace::regnamespace::text"
                " NOT IN ('pg_catalog', 'information_schema')")]
        assert texts
        taken = [t for t in texts if _unqualify_simple(t) is not None]
        assert taken, "the shortcut never applied"
        assert [_unqualify_simple(t) for t in taken] == [_unqualify_parsed(t) for t in taken]
    finally:
        pg15.drop_database(name)


@contextmanager
def autovacuum_paused(dsn: str) -> Iterator[None]:
    """No autovacuum worker runs inside the block. Autovacuum takes transaction ids
    (ANALYZE writes pg_statistic) and rewrites reltuples at any moment, so a test that
    compares the cluster's next xid, or row estimates, across two reads pauses it."""
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute("ALTER SYSTEM SET autovacuum = off")
        admin.execute("SELECT pg_catalog.pg_reload_conf()")
        try:
            quiet, deadline = 0, time.monotonic() + 60
            while quiet < 3 and time.monotonic() < deadline:  # idle for 3 looks in a row
                busy = admin.execute("SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE "
                                     "backend_type = 'autovacuum worker'").fetchone()[0]
                quiet = 0 if busy else quiet + 1
                time.sleep(0.2)
            assert quiet == 3, "autovacuum workers still running after 60 s"
            yield
        finally:
            admin.execute("ALTER SYSTEM RESET autovacuum")
            admin.execute("SELECT pg_catalog.pg_reload_conf()")


@pytest.mark.parametrize("options", [
    DumpOptions(),
    DumpOptions(row_counts="exact", owners=True, privileges=True),
    DumpOptions(row_counts="estimate", schemas=("app",)),
], ids=["default", "exact-owners-privileges", "estimate-one-schema"])
def test_lines_and_helpers_give_the_catalogs_bytes(kitchen, options) -> None:
    """The streaming reader on three connections and the line sink write exactly the bytes
    of the one-connection catalog; the helpers read in the same snapshot and write nothing."""
    from schemaparity.catalog import dump_lines
    from schemaparity.source import connect

    dsn = kitchen["server"].dsn(kitchen["db"])
    helpers: list[psycopg.Connection] = []

    def open_helper() -> psycopg.Connection:
        helpers.append(connect(dsn))
        return helpers[-1]

    # autovacuum would take xids (the cluster's xmax is the witness that nothing was
    # written) and change the row estimates between the three dumps
    with autovacuum_paused(dsn), psycopg.connect(dsn, autocommit=True) as watcher:
        with psycopg.connect(dsn) as conn:
            expected = dumpfile.to_json(dump(conn, options))
        xmax = "select pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
        before = watcher.execute(xmax).fetchone()[0]
        with psycopg.connect(dsn) as conn:
            lines = dump_lines(conn, options, open_helper)
        with psycopg.connect(dsn) as conn:
            catalog = dump(conn, options, open_helper)
        after = watcher.execute(xmax).fetchone()[0]
    assert len(helpers) == 4 and all(h.closed for h in helpers)
    assert after == before
    assert dumpfile.assemble(lines) == expected
    assert dumpfile.to_json(catalog) == expected


@pytest.mark.parametrize("options", [
    DumpOptions(),
    DumpOptions(row_counts="estimate", owners=True, privileges=True),
], ids=["default", "estimate-owners-privileges"])
def test_raw_rows_rebuild_the_same_catalog(kitchen, options) -> None:
    """A raw dump (rows kept per object, for comparing two live databases) rebuilds exactly
    the objects a full dump builds."""
    from schemaparity.catalog.read import dump_raw, rebuild_catalog
    from schemaparity.source import connect

    dsn = kitchen["server"].dsn(kitchen["db"])
    with psycopg.connect(dsn) as conn:
        expected = dump(conn, options)
    with psycopg.connect(dsn) as conn:
        raw = dump_raw(conn, options, lambda: connect(dsn))
    rebuilt = rebuild_catalog(raw, {k: list(v) for k, v in raw.objects.items()}, options)
    assert dumpfile.to_json(rebuilt) == dumpfile.to_json(expected)


def _without_depends(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_depends(v) for k, v in value.items() if k != "depends"}
    return [_without_depends(v) for v in value] if isinstance(value, list) else value


def test_raw_rows_without_depends_differ_only_in_depends(kitchen) -> None:
    """A live pair reads no dependency edges (planning data the differ leaves out): the
    objects are those of a full dump but for ``depends``, which stays empty everywhere."""
    from schemaparity.catalog.read import dump_raw, rebuild_catalog
    from schemaparity.source import connect

    dsn = kitchen["server"].dsn(kitchen["db"])
    with psycopg.connect(dsn) as conn:
        raw = dump_raw(conn, DumpOptions(), lambda: connect(dsn), depends=False)
    rebuilt = json.loads(dumpfile.to_json(
        rebuild_catalog(raw, {k: list(v) for k, v in raw.objects.items()})))
    full = json.loads(dumpfile.to_json(kitchen["catalog"]))
    assert '"depends"' in json.dumps(full)
    assert '"depends"' not in json.dumps(rebuilt)
    assert rebuilt == _without_depends(full)


def test_helpers_that_cannot_connect_leave_one_connection_reading(kitchen) -> None:
    """A server out of connections refuses the helpers: the dump reads on the one it has."""
    from schemaparity.errors import ConnectionFailed

    def refuse() -> psycopg.Connection:
        raise ConnectionFailed("too many clients already")

    with psycopg.connect(kitchen["server"].dsn(kitchen["db"])) as conn:
        catalog = dump(conn, DumpOptions(), refuse)
    assert dumpfile.to_json(catalog) == dumpfile.to_json(kitchen["catalog"])


@pytest.mark.parametrize("failing", ["constraints", "tables"])
def test_a_query_failing_on_a_helper_is_one_error_and_no_hang(kitchen, monkeypatch,
                                                               failing: str) -> None:
    """A catalog query that fails on a helper connection ends the dump with one
    CatalogError; every helper is closed and the caller's connection is usable again.
    The real error wins over the follow-on "current transaction is aborted" of the main
    thread's own statements on the first connection (``tables``, the first query, fails
    there while the main thread reads the server version: that lost 1 run in 2)."""
    from schemaparity.catalog import snapshot
    from schemaparity.errors import CatalogError
    from schemaparity.source import connect

    real = snapshot.query

    def broken(kind: str, depends: bool = True) -> str:
        return ("SELECT pg_catalog.no_such_function()" if kind == failing
                else real(kind, depends))

    monkeypatch.setattr(snapshot, "query", broken)
    dsn = kitchen["server"].dsn(kitchen["db"])
    helpers: list[psycopg.Connection] = []

    def open_helper() -> psycopg.Connection:
        helpers.append(connect(dsn))
        return helpers[-1]

    with psycopg.connect(dsn) as conn:
        with pytest.raises(CatalogError, match="no_such_function"):
            dump(conn, DumpOptions(), open_helper)
        assert helpers and all(h.closed for h in helpers)
        assert conn.execute("select 1").fetchone() == (1,)


def test_equal_rows_give_equal_bytes_whatever_objects_they_share() -> None:
    """The live pair compares rows by the digest of these bytes: a string shared between two
    fields of one row (or interned) must not change them, or equal objects look different
    (this made the live diff build equal tables now and then)."""
    from decimal import Decimal

    from schemaparity.catalog.read import row_bytes, row_values

    shared = "public"
    fresh = "".join(["pub", "lic"])  # equal, but a different object
    for extra in (1, Decimal("1.5")):  # marshal, and the pickle fallback
        one = ((shared, shared, "t", None, extra), [(shared, 1, "integer")])
        two = ((fresh, "".join(["pub", "lic"]), "t", None, extra), [(fresh, 1, "integer")])
        assert one == two
        assert row_bytes(one) == row_bytes(two)
        assert row_values(row_bytes(one)) == one


def test_policies_are_read_on_the_connection_that_read_constraints(kitchen, monkeypatch) -> None:
    """Deparsing a policy opens its table, as a CHECK constraint's deparsing does: both on
    one connection, so the tables' relation cache is built once (0.2 s of server CPU at
    10,000 tables); the dump is the same."""
    from schemaparity.catalog import snapshot
    from schemaparity.source import connect

    real = snapshot._stream
    ran: dict[str, int] = {}

    def watched(conn, kind, *args, **kwargs):
        ran[kind] = id(conn)
        if kind == "constraints":  # slow: any other connection is free first
            time.sleep(0.5)
        return real(conn, kind, *args, **kwargs)

    monkeypatch.setattr(snapshot, "_stream", watched)
    dsn = kitchen["server"].dsn(kitchen["db"])
    with psycopg.connect(dsn) as conn:
        catalog = dump(conn, DumpOptions(jobs=3), lambda: connect(dsn))
    assert set(ran) == set(snapshot.ORDER)
    assert len(set(ran.values())) == 3
    assert ran["policies"] == ran["constraints"]
    assert dumpfile.to_json(catalog) == dumpfile.to_json(kitchen["catalog"])
