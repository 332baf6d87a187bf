-- Stand-alone composite types (CREATE TYPE ... AS (...)) with attributes in order.
WITH ns AS (
-- @include schema_filter.sql
)
SELECT n.nspname AS schema,
       t.typname AS name,
       ARRAY(SELECT ARRAY[a.attname::text,
                          pg_catalog.format_type(a.atttypid, a.atttypmod),
                          CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                               THEN acn.nspname || '.' || aco.collname END]
             FROM pg_catalog.pg_attribute a
             JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
             LEFT JOIN pg_catalog.pg_collation aco ON aco.oid = a.attcollation
             LEFT JOIN pg_catalog.pg_namespace acn ON acn.oid = aco.collnamespace
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum) AS attributes,
       pg_catalog.obj_description(t.oid, 'pg_type') AS comment,
       pg_catalog.pg_get_userbyid(t.typowner) AS owner,
       t.typacl::text[] AS acl
FROM pg_catalog.pg_type t
JOIN ns n ON n.oid = t.typnamespace
JOIN pg_catalog.pg_class r ON r.oid = t.typrelid AND r.relkind = 'c'
WHERE t.typtype = 'c'
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_type'::regclass
                    AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY n.nspname, t.typname;
