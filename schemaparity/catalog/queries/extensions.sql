-- Installed extensions (database-wide; not filtered by schema).
SELECT e.extname AS name,
       e.extversion AS version,
       n.nspname AS schema,
       pg_catalog.obj_description(e.oid, 'pg_extension') AS comment,
       ARRAY(SELECT DISTINCT dep.key FROM (
-- @include dependencies.sql
             ) dep
             WHERE dep.key IS NOT NULL
               AND dep.classid = 'pg_catalog.pg_extension'::regclass AND dep.objid = e.oid)
         AS depends
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
ORDER BY e.extname;
