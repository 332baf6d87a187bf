CREATE TABLE t (a int, b int, CONSTRAINT t_b_uq UNIQUE (b));
