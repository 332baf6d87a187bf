"""Seeded rows look like real data and cover every column type the dump knows: the kitchen
sink (every type the examples use) gets a value in every column (PostgreSQL 18)."""

from __future__ import annotations

import psycopg

from schemaparity import dumpfile
from schemaparity.seed import insert_sql, seed
from schemaparity.sqltext import quote_ident
from schemaparity.verify import build_source

from .conftest import DUMPS

KITCHEN_SINK = DUMPS / "kitchen_sink.json"


def test_every_kitchen_sink_type_gets_a_seeded_value() -> None:
    catalog = dumpfile.load(KITCHEN_SINK)
    unseeded = set()
    for t in catalog.tables.values():
        text = insert_sql(catalog, t, 1, {})
        for col in t.columns:
            given = col.generated or col.identity or (
                col.default is not None and "nextval(" in col.default)
            listed = text.split(" SELECT ", 1)[0]
            if not given and quote_ident(col.name) not in listed:
                unseeded.add(col.type)
    assert not unseeded, f"kitchen-sink types that got no seeded value: {sorted(unseeded)}"


def test_the_kitchen_sink_seeds_every_table_with_varied_rows(pg18) -> None:
    catalog = dumpfile.load(KITCHEN_SINK)
    name = build_source(pg18, catalog, DUMPS / "kitchen_sink.sql")
    try:
        with psycopg.connect(pg18.dsn(name), autocommit=True) as conn:
            report = seed(conn, catalog, 40)
            assert report.skipped == {}, report.rows
            assert all(n == 40 for n in report.rows.values()), report.rows
            nulls = []
            for t in catalog.tables.values():
                if t.partition_of:
                    continue
                for col in t.columns:
                    q = psycopg.sql.SQL("SELECT count(DISTINCT {}::text) FROM {}.{}").format(
                        psycopg.sql.Identifier(col.name), psycopg.sql.Identifier(t.schema),
                        psycopg.sql.Identifier(t.name))
                    row = conn.execute(q).fetchone()
                    if row is None or row[0] == 0:
                        nulls.append(f"{t.schema}.{t.name}.{col.name} {col.type}")
            assert nulls == []
    finally:
        pg18.drop_database(name)


SKEW = """
create table parent (id int primary key, name text);
create table child (id int primary key, parent_id int references parent);
create table one_each (id int primary key, parent_id int unique references parent);
"""


def _children(conn: psycopg.Connection, table: str) -> list[int]:
    """Children per parent row (every parent, those with none too), by parent id."""
    q = psycopg.sql.SQL("SELECT count(c.parent_id) FROM parent p LEFT JOIN {} c "
                        "ON c.parent_id = p.id GROUP BY p.id ORDER BY p.id")
    return [r[0] for r in conn.execute(q.format(psycopg.sql.Identifier(table))).fetchall()]


def test_ordinary_seeding_gives_some_parents_many_children_and_some_none(pg18) -> None:
    from .test_verify_observe import catalogs

    catalog, _ = catalogs(pg18, SKEW, SKEW)
    counts = []
    for _attempt in range(2):  # deterministic: the same rows twice
        name = build_source(pg18, catalog)
        try:
            with psycopg.connect(pg18.dsn(name), autocommit=True) as conn:
                report = seed(conn, catalog, 400)
                assert report.skipped == {} and set(report.rows.values()) == {400}
                counts.append((_children(conn, "child"), _children(conn, "one_each")))
        finally:
            pg18.drop_database(name)
    assert counts[0] == counts[1]
    skewed, unique = counts[0]
    mean = sum(skewed) / len(skewed)  # under 1: a third of the keys are NULL
    assert max(skewed) >= 10 * mean, (max(skewed), mean)
    assert skewed.count(0) >= len(skewed) // 4  # many parents get no child
    assert set(unique) <= {0, 1}  # a unique key's parents: one child each, never a collision


def test_an_enum_column_is_seeded_past_46341_rows(pg18) -> None:
    """The label is picked by g * g: that must not overflow an integer (the convergence
    scenario's organizations were left empty at 100,000 rows, and every child row then
    went to the one bootstrap organization)."""
    from .test_verify_observe import catalogs

    schema = "create type mood as enum ('ok', 'meh', 'bad');\n" \
             "create table t (id int primary key, m mood not null);\n"
    catalog, _ = catalogs(pg18, schema, schema)
    name = build_source(pg18, catalog)
    try:
        with psycopg.connect(pg18.dsn(name), autocommit=True) as conn:
            report = seed(conn, catalog, 46_400)
            assert report.skipped == {} and report.rows == {"table:public.t": 46_400}
            labels = conn.execute("SELECT count(DISTINCT m) FROM t").fetchone()
            assert labels == (2,)  # g * g mod 3 is 0 or 1: 'ok' and 'meh'
    finally:
        pg18.drop_database(name)
