-- Row-level security policies.
WITH ns AS (
    SELECT n.oid, n.nspname
    FROM pg_catalog.pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_toast'
      AND n.nspname !~ '^pg_temp_'
      AND (cardinality(%(include)s::text[]) = 0 OR n.nspname = ANY (%(include)s::text[]))
      AND NOT n.nspname = ANY (%(exclude)s::text[])
      AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                      WHERE d.classid = 'pg_catalog.pg_namespace'::regclass
                        AND d.objid = n.oid AND d.deptype = 'e')
)
SELECT n.nspname AS schema,
       c.relname AS table_name,
       pol.polname AS name,
       pol.polcmd AS command,
       pol.polpermissive AS permissive,
       CASE WHEN pol.polroles = '{0}'::oid[] THEN ARRAY['public']
            ELSE ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r
                       WHERE r.oid = ANY (pol.polroles) ORDER BY r.rolname) END AS roles,
       pg_catalog.pg_get_expr(pol.polqual, pol.polrelid) AS using_expr,
       pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check,
       pg_catalog.obj_description(pol.oid, 'pg_policy') AS comment
FROM pg_catalog.pg_policy pol
JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
JOIN ns n ON n.oid = c.relnamespace
WHERE true
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend x
                  WHERE x.classid = 'pg_catalog.pg_class'::regclass
                    AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname, pol.polname;
