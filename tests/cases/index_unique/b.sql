CREATE TABLE t (a int);
CREATE UNIQUE INDEX t_a_idx ON t (a);
