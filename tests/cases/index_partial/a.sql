CREATE TABLE t (a int, done boolean);
CREATE INDEX t_a_idx ON t (a);
CREATE INDEX t_open_idx ON t (a) WHERE NOT done;
