-- Table constraints: PK, UNIQUE, FK, CHECK, EXCLUDE. NOT NULL (catalogued from PG 18) is a
-- column attribute, constraint triggers are triggers, and copies that partitions or
-- inheritance children get from their parent are left out (they follow the parent's).
WITH ns AS (
-- @include schema_filter.sql
),
deps AS MATERIALIZED (
    SELECT dep.objid, pg_catalog.array_agg(DISTINCT dep.key) AS keys
    FROM (
-- @include dependencies.sql
    ) dep
    WHERE dep.key IS NOT NULL AND dep.classid = 'pg_catalog.pg_constraint'::regclass
    GROUP BY dep.objid
)
SELECT n.nspname AS schema,
       c.relname AS "table",
       con.conname AS name,
       con.contype AS contype,
       pg_catalog.pg_get_constraintdef(con.oid) AS definition,
       CASE WHEN pg_catalog.cardinality(con.conkey) = 1 THEN ARRAY[k1.attname::text]
            ELSE ARRAY(SELECT (SELECT a.attname::text FROM pg_catalog.pg_attribute a
                               WHERE a.attrelid = con.conrelid AND a.attnum = u.attnum)
                       FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY u(attnum, ord)
                       ORDER BY u.ord) END AS columns,
       CASE WHEN con.contype = 'f' THEN rn.nspname || '.' || r.relname END AS ref_table,
       CASE WHEN con.confkey IS NULL THEN '{}'::text[]
            WHEN pg_catalog.cardinality(con.confkey) = 1 THEN ARRAY[r1.attname::text]
            ELSE ARRAY(SELECT (SELECT a.attname::text FROM pg_catalog.pg_attribute a
                               WHERE a.attrelid = con.confrelid AND a.attnum = u.attnum)
                       FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY u(attnum, ord)
                       ORDER BY u.ord) END AS ref_columns,
       con.confmatchtype AS match,
       con.confupdtype AS on_update,
       con.confdeltype AS on_delete,
       con.condeferrable AS deferrable,
       con.condeferred AS deferred,
       con.convalidated AS validated,
       COALESCE(ix.indnullsnotdistinct, false) AS nulls_not_distinct,
       CASE WHEN con.contype IN ('p', 'u', 'x') THEN ic.relname END AS index,
       d.description AS comment,
       deps.keys AS depends  -- NULL for none (read as none)
FROM pg_catalog.pg_constraint con
-- the tables first (OFFSET 0 keeps them apart): the extension check once a table, not once
-- a constraint
JOIN (SELECT c.* FROM pg_catalog.pg_class c
      WHERE c.relkind NOT IN ('i', 'I', 'S', 't')  -- none has constraints
        AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend x
                        WHERE x.classid = 'pg_catalog.pg_class'::regclass
                          AND x.objid = c.oid AND x.deptype = 'e')
      OFFSET 0) c ON c.oid = con.conrelid
JOIN ns n ON n.oid = c.relnamespace
-- the name of a single key column (and of a single referenced one) by index probe: an
-- array built per constraint was a third of the query (34,000 constraints at 10,000 tables)
LEFT JOIN pg_catalog.pg_attribute k1
  ON k1.attrelid = con.conrelid AND k1.attnum = con.conkey[1]
 AND pg_catalog.cardinality(con.conkey) = 1
LEFT JOIN pg_catalog.pg_attribute r1
  ON r1.attrelid = con.confrelid AND r1.attnum = con.confkey[1]
 AND pg_catalog.cardinality(con.confkey) = 1
LEFT JOIN pg_catalog.pg_class r ON r.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
LEFT JOIN pg_catalog.pg_index ix ON ix.indexrelid = con.conindid AND con.contype IN ('p', 'u')
LEFT JOIN pg_catalog.pg_class ic ON ic.oid = con.conindid
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = con.oid AND d.classoid = 'pg_catalog.pg_constraint'::regclass AND d.objsubid = 0
LEFT JOIN deps ON deps.objid = con.oid
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x')
  AND con.conparentid = 0
  AND con.conislocal;
