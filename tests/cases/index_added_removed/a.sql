CREATE TABLE t (a int, b int);
CREATE INDEX t_a_idx ON t (a);
