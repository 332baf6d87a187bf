-- User triggers (not the internal ones behind foreign keys, nor clones on partitions).
-- tgtype is decoded in Python: 1 row, 2 before, 64 instead of, 4 insert, 8 delete,
-- 16 update, 32 truncate.
WITH ns AS (
-- @include schema_filter.sql
)
SELECT n.nspname AS schema,
       c.relname AS "table",
       t.tgname AS name,
       t.tgtype::int AS tgtype,
       ARRAY(SELECT a.attname::text
             FROM pg_catalog.unnest(t.tgattr::int2[]) WITH ORDINALITY k(attnum, ord)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS update_columns,
       pn.nspname || '.' || p.proname AS function,
       pg_catalog.pg_get_triggerdef(t.oid) AS definition,
       t.tgenabled AS enabled,
       t.tgconstraint <> 0 AS is_constraint,
       t.tgdeferrable AS deferrable,
       t.tginitdeferred AS deferred,
       pg_catalog.obj_description(t.oid, 'pg_trigger') AS comment,
       ARRAY(SELECT DISTINCT dep.key FROM (
-- @include dependencies.sql
             ) dep
             WHERE dep.key IS NOT NULL
               AND dep.classid = 'pg_catalog.pg_trigger'::regclass AND dep.objid = t.oid)
         AS depends
FROM pg_catalog.pg_trigger t
JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
JOIN ns n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
WHERE NOT t.tgisinternal
  AND t.tgparentid = 0
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend x
                  WHERE x.classid = 'pg_catalog.pg_class'::regclass
                    AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname, t.tgname;
