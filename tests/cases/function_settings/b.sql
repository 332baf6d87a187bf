CREATE FUNCTION f() RETURNS int LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$ SELECT 1 $$;
CREATE FUNCTION g() RETURNS int LANGUAGE sql SET work_mem = '128MB' AS $$ SELECT 1 $$;
