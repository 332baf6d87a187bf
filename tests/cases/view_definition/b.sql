CREATE TABLE t (id int, name text, active boolean);
CREATE VIEW v AS SELECT id, name FROM t WHERE active;
