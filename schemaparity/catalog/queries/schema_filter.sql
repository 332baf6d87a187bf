-- The schemas a dump reads: not the system's, temporary or extension-owned ones, and only
-- those the --schema / --exclude-schema filters let through. Every catalog query but
-- extensions.sql takes it as its "ns" CTE through a line "-- @include schema_filter.sql"
-- (catalog/snapshot.py puts this file's SQL there when it loads the query).
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
