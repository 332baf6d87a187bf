-- Event triggers: database-wide, so the schema filter applies to their function's schema (a
-- dump holds an event trigger when it holds its function). Not those of extensions.
WITH ns AS (
-- @include schema_filter.sql
)
SELECT e.evtname AS name,
       e.evtevent AS event,
       ARRAY(SELECT t FROM pg_catalog.unnest(e.evttags) t ORDER BY t COLLATE "C") AS tags,
       n.nspname || '.' || p.proname AS function,
       e.evtenabled AS enabled,
       pg_catalog.obj_description(e.oid, 'pg_event_trigger') AS comment,
       pg_catalog.pg_get_userbyid(e.evtowner) AS owner
FROM pg_catalog.pg_event_trigger e
JOIN pg_catalog.pg_proc p ON p.oid = e.evtfoid
JOIN ns n ON n.oid = p.pronamespace
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_depend x
                  WHERE x.classid = 'pg_catalog.pg_event_trigger'::regclass
                    AND x.objid = e.oid AND x.deptype = 'e')
ORDER BY e.evtname COLLATE "C";
