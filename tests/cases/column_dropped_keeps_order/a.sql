CREATE TABLE t (id int, tmp int, name text);
ALTER TABLE t DROP COLUMN tmp;
