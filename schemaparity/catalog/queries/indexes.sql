-- Indexes on tables and materialized views; partitions of a partitioned index are left out:
-- what says they are there is the partitioned index's validity and its ``unattached`` list,
-- the partitions (of any level) holding no index attached to it.
--
-- pg_get_indexdef() costs about 35 us an index (it looks up each key's default operator
-- class with a catalog scan). Most indexes are plain: key columns with the default operator
-- class, collation and order, no options. For those the definition is spelled here exactly
-- as pg_get_indexdef() spells it (tests compare the two on every index of the fixtures);
-- every other index still goes through pg_get_indexdef().
WITH ns AS (
-- @include schema_filter.sql
),
deps AS MATERIALIZED (
    SELECT dep.objid, pg_catalog.array_agg(DISTINCT dep.key) AS keys
    FROM (
-- @include dependencies.sql
    ) dep
    WHERE dep.key IS NOT NULL AND dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objsubid = 0
    GROUP BY dep.objid
),
-- The constraints that own an index (at most one an index), read once for the query, not
-- looked up through each table's constraints per index.
owners AS MATERIALIZED (
    SELECT con.conindid, con.conrelid, con.conname FROM pg_catalog.pg_constraint con
    WHERE con.contype IN ('p', 'u', 'x')
),
-- Per index: key and INCLUDE columns as names (quoted as the server's deparser quotes them;
-- expressions through pg_get_indexdef(index, column, true)), each key as the definition
-- spells it (name, then a non-default operator class, then DESC / NULLS FIRST|LAST), and
-- whether every key is one this query can spell (else the definition is the server's).
keycols AS (
    SELECT i.indexrelid, k.ord, k.ord > i.indnkeyatts AS included,
           CASE WHEN k.attnum <> 0 THEN pg_catalog.quote_ident(a.attname)
                ELSE pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true) END AS name,
           CASE WHEN NOT opc.opcdefault AND opc.opcnamespace = 'pg_catalog'::regnamespace
                THEN ' ' || pg_catalog.quote_ident(opc.opcname) ELSE '' END
           || CASE i.indoption[k.ord - 1] WHEN 0 THEN '' WHEN 1 THEN ' DESC NULLS LAST'
                   WHEN 2 THEN ' NULLS FIRST' WHEN 3 THEN ' DESC' END AS decoration,
           k.attnum <> 0
           AND (k.ord > i.indnkeyatts
                OR (i.indcollation[k.ord - 1] IN (0, a.attcollation)
                    AND ia.attrelid IS NULL
                    AND (i.indoption[k.ord - 1] = 0
                         OR (am.amname = 'btree' AND i.indoption[k.ord - 1] BETWEEN 1 AND 3))
                    AND CASE
                        WHEN NOT opc.opcdefault
                        THEN opc.opcnamespace = 'pg_catalog'::regnamespace
                        WHEN opc.opcintype = COALESCE(NULLIF(t.typbasetype, 0), a.atttypid)
                        THEN true
                        -- an enum's default is the one for anyenum, unless the enum has its own
                        WHEN opc.opcintype = 'pg_catalog.anyenum'::regtype AND t.typtype = 'e'
                        THEN NOT EXISTS (SELECT FROM pg_catalog.pg_opclass o2
                                         WHERE o2.opcmethod = opc.opcmethod AND o2.opcdefault
                                           AND o2.opcintype = a.atttypid)
                        ELSE false END)) AS plain
    FROM pg_catalog.pg_index i
    JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_catalog.pg_am am ON am.oid = ic.relam
    CROSS JOIN LATERAL pg_catalog.unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
    LEFT JOIN LATERAL (SELECT a.attname, a.attcollation, a.atttypid
                       FROM pg_catalog.pg_attribute a
                       WHERE a.attrelid = i.indrelid AND a.attnum = k.attnum OFFSET 0) a ON true
    LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
    LEFT JOIN LATERAL (SELECT ia.attrelid FROM pg_catalog.pg_attribute ia
                       WHERE ia.attrelid = i.indexrelid AND ia.attnum = k.ord
                         AND ia.attoptions IS NOT NULL OFFSET 0) ia ON true
    LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[k.ord - 1]
    -- not the indexes the query never reads: 8,655 of 48,692 at 10,000 tables are TOAST's
    WHERE ic.relnamespace NOT IN ('pg_toast'::regnamespace,
                                  'pg_catalog'::regnamespace)
),
-- The keys sorted once, then aggregated in that order (no ORDER BY in the aggregates: on
-- PostgreSQL before 16 each one sorted its group again, four sorts an index).
cols AS (
    SELECT indexrelid,
           pg_catalog.array_agg(name) FILTER (WHERE NOT included) AS keys,
           pg_catalog.array_agg(name) FILTER (WHERE included) AS include,
           pg_catalog.string_agg(name || decoration, ', ')
             FILTER (WHERE NOT included) AS spelled,
           pg_catalog.bool_and(plain) AS plain
    FROM (SELECT * FROM keycols ORDER BY indexrelid, ord) k
    GROUP BY indexrelid
)
SELECT n.nspname AS schema,
       c.relname AS "table",
       ic.relname AS name,
       CASE WHEN cols.plain AND ic.relkind = 'i' AND ic.reloptions IS NULL
            THEN 'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END
                 || 'INDEX ' || pg_catalog.quote_ident(ic.relname)
                 || ' ON ' || pg_catalog.quote_ident(n.nspname) || '.'
                 || pg_catalog.quote_ident(c.relname)
                 || ' USING ' || pg_catalog.quote_ident(am.amname)
                 || ' (' || cols.spelled
                 || COALESCE(') INCLUDE (' || pg_catalog.array_to_string(cols.include, ', '), '')
                 || ')'
                 || CASE WHEN i.indnullsnotdistinct THEN ' NULLS NOT DISTINCT' ELSE '' END
                 || COALESCE(' WHERE ' || pg_catalog.pg_get_expr(i.indpred, i.indrelid), '')
            ELSE pg_catalog.pg_get_indexdef(i.indexrelid) END AS definition,
       am.amname AS method,
       i.indisunique AS "unique",
       i.indisprimary AS "primary",
       COALESCE(cols.keys, '{}') AS keys,
       COALESCE(cols.include, '{}') AS include,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
       i.indnullsnotdistinct AS nulls_not_distinct,
       con.conname AS "constraint",
       d.description AS comment,
       i.indisvalid AS valid,
       CASE WHEN ic.relkind = 'I' THEN
         ARRAY(SELECT pn.nspname || '.' || p.relname
               FROM pg_catalog.pg_partition_tree(c.oid) pt
               JOIN pg_catalog.pg_class p ON p.oid = pt.relid
               JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
               WHERE pt.level > 0 AND p.relkind IN ('r', 'p')
                 AND NOT EXISTS (SELECT FROM pg_catalog.pg_partition_tree(i.indexrelid) it
                                 JOIN pg_catalog.pg_index pi ON pi.indexrelid = it.relid
                                 WHERE pi.indrelid = p.oid)
               ORDER BY 1) END AS unattached,
       deps.keys AS depends  -- NULL for none (read as none)
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
-- the tables first (OFFSET 0 keeps them apart): the extension check once a table, not once
-- an index
JOIN (SELECT c.* FROM pg_catalog.pg_class c
      WHERE c.relkind IN ('r', 'p', 'm')
        AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend x
                        WHERE x.classid = 'pg_catalog.pg_class'::regclass
                          AND x.objid = c.oid AND x.deptype = 'e')
      OFFSET 0) c ON c.oid = i.indrelid
JOIN ns n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
LEFT JOIN cols ON cols.indexrelid = i.indexrelid
LEFT JOIN owners con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = ic.oid AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0
LEFT JOIN deps ON deps.objid = i.indexrelid
WHERE NOT ic.relispartition;
