-- The dependency edges of dependencies.sql, none: what a query takes in instead when the
-- reader does not want them (comparing two live databases: ``depends`` is planning data the
-- differ leaves out, and resolving the edges was a third of the catalog queries' time).
    SELECT NULL::pg_catalog.oid AS classid, NULL::pg_catalog.oid AS objid,
           NULL::pg_catalog.int4 AS objsubid, NULL::pg_catalog.text AS key
    WHERE false
