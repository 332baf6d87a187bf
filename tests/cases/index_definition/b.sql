CREATE TABLE t (a int, b int);
CREATE INDEX t_ab_idx ON t (a DESC, b);
