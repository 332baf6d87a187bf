CREATE TABLE t (a int);
CREATE INDEX t_a_idx ON t (a);
COMMENT ON INDEX t_a_idx IS 'lookups by a';
