CREATE TABLE t (a int, b int, CONSTRAINT t_a_check CHECK (a > 0));
