CREATE TABLE t (id int, name text, n bigint);
CREATE VIEW v1 AS SELECT id, name FROM t;
CREATE VIEW v2 AS SELECT id, name FROM v1;
CREATE VIEW v3 AS SELECT v2.id FROM v2 JOIN v1 USING (id);
