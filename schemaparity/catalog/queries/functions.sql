-- Functions, procedures, aggregates and window functions. The body is the SQL-standard
-- body when there is one (BEGIN ATOMIC), else prosrc; aggregates list their parts.
WITH ns AS (
-- @include schema_filter.sql
)
SELECT n.nspname AS schema,
       p.proname AS name,
       pg_catalog.oidvectortypes(p.proargtypes) AS identity_args,
       p.prokind AS prokind,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       CASE WHEN p.prokind <> 'p' THEN pg_catalog.pg_get_function_result(p.oid) END AS result,
       l.lanname AS language,
       p.provolatile AS volatility,
       p.proisstrict AS strict,
       p.prosecdef AS security_definer,
       p.proleakproof AS leakproof,
       p.proparallel AS parallel,
       COALESCE(p.proconfig, '{}') AS settings,
       CASE WHEN p.prokind = 'a' THEN NULL
            ELSE COALESCE(pg_catalog.pg_get_function_sqlbody(p.oid), p.prosrc) END AS body,
       CASE WHEN p.prokind = 'a' THEN
         pg_catalog.jsonb_build_object(
           'sfunc', ag.aggtransfn::regproc::text,
           'stype', pg_catalog.format_type(ag.aggtranstype, NULL),
           'finalfunc', NULLIF(ag.aggfinalfn::regproc::text, '-'),
           'combinefunc', NULLIF(ag.aggcombinefn::regproc::text, '-'),
           'initcond', ag.agginitval,
           'sortop', NULLIF(ag.aggsortop::regoperator::text, '0'),
           'aggkind', ag.aggkind)
       END AS aggregate,
       pg_catalog.obj_description(p.oid, 'pg_proc') AS comment,
       pg_catalog.pg_get_userbyid(p.proowner) AS owner,
       p.proacl::text[] AS acl,
       ARRAY(SELECT DISTINCT dep.key FROM (
-- @include dependencies.sql
             ) dep
             WHERE dep.key IS NOT NULL
               AND dep.classid = 'pg_catalog.pg_proc'::regclass AND dep.objid = p.oid)
         AS depends
FROM pg_catalog.pg_proc p
JOIN ns n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
LEFT JOIN pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_depend x
                  WHERE x.classid = 'pg_catalog.pg_proc'::regclass
                    AND x.objid = p.oid AND x.deptype = 'e')
ORDER BY n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes);
