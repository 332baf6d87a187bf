-- Installed extensions (database-wide; not filtered by schema).
SELECT e.extname AS name,
       e.extversion AS version,
       n.nspname AS schema,
       pg_catalog.obj_description(e.oid, 'pg_extension') AS comment
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
ORDER BY e.extname;
