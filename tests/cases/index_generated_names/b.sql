CREATE TABLE t (a int);
CREATE INDEX t_a_idx ON t ((a + 1));
CREATE INDEX ON t (a);
DROP INDEX t_a_idx;
