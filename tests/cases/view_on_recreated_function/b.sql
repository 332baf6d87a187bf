CREATE TABLE t (id int);
CREATE FUNCTION twice(n int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * 2 $$;
CREATE VIEW doubled AS SELECT id, twice(id) AS d FROM t;
CREATE VIEW doubled_top AS SELECT max(d) AS top FROM doubled;
