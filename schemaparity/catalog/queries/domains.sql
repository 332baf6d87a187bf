-- Domains: base type, NOT NULL, default, collation and CHECK constraints (sorted by name).
WITH ns AS (
-- @include schema_filter.sql
)
SELECT n.nspname AS schema,
       t.typname AS name,
       pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base_type,
       t.typnotnull AS not_null,
       t.typdefault AS "default",
       CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation
            THEN cn.nspname || '.' || co.collname END AS collation,
       ARRAY(SELECT ARRAY[c.conname::text, pg_catalog.pg_get_constraintdef(c.oid)]
             FROM pg_catalog.pg_constraint c
             WHERE c.contypid = t.oid AND c.contype = 'c'
             ORDER BY c.conname) AS checks,
       pg_catalog.obj_description(t.oid, 'pg_type') AS comment,
       pg_catalog.pg_get_userbyid(t.typowner) AS owner,
       t.typacl::text[] AS acl,
       ARRAY(SELECT DISTINCT dep.key FROM (
-- @include dependencies.sql
             ) dep
             WHERE dep.key IS NOT NULL
               AND ((dep.classid = 'pg_catalog.pg_type'::regclass AND dep.objid = t.oid)
                OR (dep.classid = 'pg_catalog.pg_constraint'::regclass
                    AND dep.objid IN (SELECT k.oid FROM pg_catalog.pg_constraint k
                                      WHERE k.contypid = t.oid))))
         AS depends
FROM pg_catalog.pg_type t
JOIN ns n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
LEFT JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
WHERE t.typtype = 'd'
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_type'::regclass
                    AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY n.nspname, t.typname;
