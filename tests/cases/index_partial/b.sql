CREATE TABLE t (a int, done boolean);
CREATE INDEX t_a_idx ON t (a) WHERE a > 0;
CREATE INDEX t_open_idx ON t (a) WHERE done IS NOT TRUE;
