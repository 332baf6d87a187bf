-- User-defined collations. The row goes out as jsonb so that columns renamed across
-- server versions (colliculocale in 15-16, colllocale from 17) need no second query.
WITH ns AS (
-- @include schema_filter.sql
)
SELECT n.nspname AS schema,
       c.collname AS name,
       pg_catalog.to_jsonb(c) AS row,
       pg_catalog.obj_description(c.oid, 'pg_collation') AS comment,
       pg_catalog.pg_get_userbyid(c.collowner) AS owner
FROM pg_catalog.pg_collation c
JOIN ns n ON n.oid = c.collnamespace
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_collation'::regclass
                    AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.collname;
