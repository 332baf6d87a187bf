-- Schemas, without system, temporary and extension-owned ones.
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
SELECT n.nspname AS name,
       pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment,
       pg_catalog.pg_get_userbyid(s.nspowner) AS owner,
       s.nspacl::text[] AS acl
FROM ns n
JOIN pg_catalog.pg_namespace s ON s.oid = n.oid
ORDER BY n.nspname;
