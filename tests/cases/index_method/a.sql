CREATE TABLE t (a text);
CREATE INDEX t_a_idx ON t (a);
