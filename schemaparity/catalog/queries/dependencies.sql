-- What objects depend on, as PostgreSQL records it in pg_depend: one row per recorded edge
-- (normal, automatic and partition ones), with the key of the object referenced, by name
-- and never by OID (the keys of schemaparity.model: "function:s.f(integer)", "column:s.t.c",
-- "extension:cube"...). An object that belongs to an extension is named by its extension;
-- built-in objects, languages and kinds the model does not hold give a NULL key. Each kind's query
-- takes it in as "(" + this + ") dep", filtered on the object's classid (and objid: a
-- correlated ARRAY(...) for the kinds with few objects, a CTE grouped by objid and joined for
-- columns, constraints, indexes and views), so the edges become the "depends" field of the
-- objects that hold them.
    SELECT d.classid, d.objid, d.objsubid,
           CASE
             WHEN d.refclassid = 'pg_catalog.pg_language'::regclass THEN NULL
             WHEN x.extname IS NOT NULL THEN 'extension:' || x.extname
             WHEN d.refclassid = 'pg_catalog.pg_extension'::regclass
               THEN (SELECT 'extension:' || e.extname FROM pg_catalog.pg_extension e
                     WHERE e.oid = d.refobjid)
             WHEN rn.nspname IS NULL OR rn.nspname IN ('pg_catalog', 'information_schema')
               THEN NULL
             WHEN rc.relkind IN ('r', 'p') AND d.refobjsubid > 0
               THEN 'column:' || rn.nspname || '.' || rc.relname || '.' || ra.attname
             WHEN rc.relkind IN ('r', 'p') THEN 'table:' || rn.nspname || '.' || rc.relname
             WHEN rc.relkind IN ('v', 'm') THEN 'view:' || rn.nspname || '.' || rc.relname
             WHEN rc.relkind = 'S' THEN 'sequence:' || rn.nspname || '.' || rc.relname
             WHEN rc.relkind IN ('i', 'I')
               THEN 'index:' || rn.nspname || '.' || ixt.relname || '.' || rc.relname
             WHEN rp.oid IS NOT NULL
               THEN 'function:' || rn.nspname || '.' || rp.proname || '('
                    || pg_catalog.replace(pg_catalog.oidvectortypes(rp.proargtypes), ', ', ',')
                    || ')'
             WHEN rt.typtype = 'e' THEN 'enum:' || rn.nspname || '.' || rt.typname
             WHEN rt.typtype = 'd' THEN 'domain:' || rn.nspname || '.' || rt.typname
             WHEN rt.typtype = 'c' AND rtc.relkind = 'c'
               THEN 'composite:' || rn.nspname || '.' || rt.typname
             WHEN rl.oid IS NOT NULL THEN 'collation:' || rn.nspname || '.' || rl.collname
           END AS key
    FROM pg_catalog.pg_depend d
    LEFT JOIN pg_catalog.pg_type rt0
      ON d.refclassid = 'pg_catalog.pg_type'::regclass AND rt0.oid = d.refobjid
    -- an array type stands for its element type
    LEFT JOIN pg_catalog.pg_type rt
      ON rt.oid = CASE WHEN rt0.typelem <> 0 AND rt0.typlen = -1 THEN rt0.typelem
                       ELSE rt0.oid END
    LEFT JOIN pg_catalog.pg_class rtc ON rtc.oid = rt.typrelid
    LEFT JOIN pg_catalog.pg_class rc
      ON d.refclassid = 'pg_catalog.pg_class'::regclass AND rc.oid = d.refobjid
    LEFT JOIN pg_catalog.pg_attribute ra
      ON ra.attrelid = rc.oid AND ra.attnum = d.refobjsubid AND d.refobjsubid > 0
    LEFT JOIN pg_catalog.pg_index ri ON ri.indexrelid = rc.oid
    LEFT JOIN pg_catalog.pg_class ixt ON ixt.oid = ri.indrelid
    LEFT JOIN pg_catalog.pg_proc rp
      ON d.refclassid = 'pg_catalog.pg_proc'::regclass AND rp.oid = d.refobjid
    LEFT JOIN pg_catalog.pg_collation rl
      ON d.refclassid = 'pg_catalog.pg_collation'::regclass AND rl.oid = d.refobjid
    LEFT JOIN pg_catalog.pg_namespace rn
      ON rn.oid = COALESCE(rc.relnamespace, rp.pronamespace, rt.typnamespace,
                           rl.collnamespace)
    -- the extension the referenced object belongs to (an index lookup per edge)
    LEFT JOIN LATERAL (SELECT e.extname
                       FROM pg_catalog.pg_depend xd
                       JOIN pg_catalog.pg_extension e ON e.oid = xd.refobjid
                       WHERE xd.classid = d.refclassid
                         AND xd.objid = COALESCE(rt.oid, d.refobjid) AND xd.deptype = 'e'
                       LIMIT 1) x ON true
    WHERE d.deptype IN ('n', 'a', 'P')
      AND d.refclassid <> 'pg_catalog.pg_namespace'::regclass  -- never a key: skipped early
