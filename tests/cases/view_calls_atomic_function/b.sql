CREATE TABLE t (id int);
CREATE TABLE audit (id int, at timestamptz);
CREATE FUNCTION audit_count() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT count(*) FROM audit;
END;
CREATE VIEW stats AS SELECT (SELECT count(*) FROM t) AS rows, audit_count() AS audited;
