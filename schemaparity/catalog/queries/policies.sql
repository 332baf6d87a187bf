-- Row-level security policies.
WITH ns AS (
-- @include schema_filter.sql
)
SELECT n.nspname AS schema,
       c.relname AS "table",
       pol.polname AS name,
       pol.polcmd AS command,
       pol.polpermissive AS permissive,
       CASE WHEN pol.polroles = '{0}'::oid[] THEN ARRAY['public']
            ELSE ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r
                       WHERE r.oid = ANY (pol.polroles) ORDER BY r.rolname) END AS roles,
       pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS "using",
       pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check,
       pg_catalog.obj_description(pol.oid, 'pg_policy') AS comment,
       ARRAY(SELECT DISTINCT dep.key FROM (
-- @include dependencies.sql
             ) dep
             WHERE dep.key IS NOT NULL
               AND dep.classid = 'pg_catalog.pg_policy'::regclass AND dep.objid = pol.oid)
         AS depends
FROM pg_catalog.pg_policy pol
JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
JOIN ns n ON n.oid = c.relnamespace
WHERE true
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend x
                  WHERE x.classid = 'pg_catalog.pg_class'::regclass
                    AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname, pol.polname;
