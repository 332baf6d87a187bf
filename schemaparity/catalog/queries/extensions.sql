-- Installed extensions (database-wide; not filtered by schema), with the types they own.
SELECT e.extname AS name,
       e.extversion AS version,
       n.nspname AS schema,
       pg_catalog.obj_description(e.oid, 'pg_extension') AS comment,
       ARRAY(SELECT pg_catalog.format_type(d.objid, NULL)
             FROM pg_catalog.pg_depend d
             WHERE d.classid = 'pg_catalog.pg_type'::regclass
               AND d.refclassid = 'pg_catalog.pg_extension'::regclass
               AND d.refobjid = e.oid AND d.deptype = 'e'
             ORDER BY pg_catalog.format_type(d.objid, NULL) COLLATE "C") AS types
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
ORDER BY e.extname;
