-- Row-level security policies. Their dependency edges are joined grouped once for the query
-- (a lookup per policy ran the whole edge query 10,000 times at 10,000 tables).
WITH ns AS (
-- @include schema_filter.sql
),
deps AS MATERIALIZED (
    SELECT dep.objid, pg_catalog.array_agg(DISTINCT dep.key) AS keys
    FROM (
-- @include dependencies.sql
    ) dep
    WHERE dep.key IS NOT NULL AND dep.classid = 'pg_catalog.pg_policy'::regclass
    GROUP BY dep.objid
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
       d.description AS comment,
       deps.keys AS depends  -- NULL for none (read as none)
FROM pg_catalog.pg_policy pol
JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid
JOIN ns n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_description d
  ON d.objoid = pol.oid AND d.classoid = 'pg_catalog.pg_policy'::regclass AND d.objsubid = 0
LEFT JOIN deps ON deps.objid = pol.oid
WHERE true
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend x
                  WHERE x.classid = 'pg_catalog.pg_class'::regclass
                    AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname, pol.polname;
