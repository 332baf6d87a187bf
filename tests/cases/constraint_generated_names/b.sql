CREATE TABLE t (a int, b int);
-- take the names PostgreSQL would choose, so that it picks t_a_key1 and t_b_check1
CREATE INDEX t_a_key ON t (b);
ALTER TABLE t ADD CONSTRAINT t_b_check CHECK (b > -5);
ALTER TABLE t ADD UNIQUE (a), ADD CHECK (b > 0);
DROP INDEX t_a_key;
ALTER TABLE t DROP CONSTRAINT t_b_check;
