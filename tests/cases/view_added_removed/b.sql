CREATE TABLE t (id int);
CREATE VIEW "select" AS SELECT id FROM t;
