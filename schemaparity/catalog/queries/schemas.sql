-- Schemas, without system, temporary and extension-owned ones.
WITH ns AS (
-- @include schema_filter.sql
)
SELECT n.nspname AS name,
       pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment,
       pg_catalog.pg_get_userbyid(s.nspowner) AS owner,
       s.nspacl::text[] AS acl
FROM ns n
JOIN pg_catalog.pg_namespace s ON s.oid = n.oid
ORDER BY n.nspname;
