-- Columns of every table; positions renumbered over live columns. Rows come grouped by
-- table (the reader hands a table over once all of its columns are in), in the order the
-- window already sorts them: a sort by schema and table name cost 0.3 s at 170,000 columns.
-- Identity columns carry their sequence options as an array (start, increment, min, max,
-- cache, cycle) so that the identity sequence's name never enters the dump.
-- A default cannot name a column, so it is deparsed without its table (relid 0): the same
-- text, without opening the table (a relcache entry built per table: 0.15 s at 2,000 tables);
-- a generated column's expression names columns and still needs its table.
WITH ns AS (
-- @include schema_filter.sql
),
deps AS MATERIALIZED (
    SELECT dep.objid, dep.objsubid, pg_catalog.array_agg(DISTINCT dep.key) AS keys
    FROM (
-- @include dependencies.sql
    ) dep
    WHERE dep.key IS NOT NULL AND dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objsubid > 0
    GROUP BY dep.objid, dep.objsubid
),
default_deps AS MATERIALIZED (
    SELECT dep.objid, pg_catalog.array_agg(DISTINCT dep.key) AS keys
    FROM (
-- @include dependencies.sql
    ) dep
    WHERE dep.key IS NOT NULL AND dep.classid = 'pg_catalog.pg_attrdef'::regclass
    GROUP BY dep.objid
)
SELECT n.nspname AS schema,
       c.relname AS "table",
       a.attname AS name,
       pg_catalog.row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS position,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null,
       CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, 0) END
         AS "default",
       a.attidentity AS identity,
       CASE WHEN a.attidentity <> '' THEN
         (SELECT ARRAY[s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
                       s.seqcycle::int]
          FROM pg_catalog.pg_depend dep
          JOIN pg_catalog.pg_sequence s ON s.seqrelid = dep.objid
          WHERE dep.classid = 'pg_catalog.pg_class'::regclass
            AND dep.refclassid = 'pg_catalog.pg_class'::regclass
            AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'
          LIMIT 1) END AS identity_options,
       CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END
         AS generated,
       a.attgenerated AS generated_kind,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
            THEN cn.nspname || '.' || co.collname END AS collation,
       d.description AS comment,
       a.attacl::text[] AS acl,
       deps.keys || default_deps.keys AS depends  -- NULL for none (read as none)
FROM pg_catalog.pg_attribute a
-- the tables first (OFFSET 0 keeps them apart): the extension check once a table, not once a
-- column (0.82 -> 0.62 s CPU at 10,000 tables)
JOIN (SELECT c.* FROM pg_catalog.pg_class c
      WHERE c.relkind IN ('r', 'p')
        AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend x
                        WHERE x.classid = 'pg_catalog.pg_class'::regclass
                          AND x.objid = c.oid AND x.deptype = 'e')
      OFFSET 0) c ON c.oid = a.attrelid
JOIN ns n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = c.oid AND d.classoid = 'pg_catalog.pg_class'::regclass
 AND d.objsubid = a.attnum
LEFT JOIN deps ON deps.objid = c.oid AND deps.objsubid = a.attnum
LEFT JOIN default_deps ON default_deps.objid = ad.oid
WHERE a.attnum > 0
  AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum;
