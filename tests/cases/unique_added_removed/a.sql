CREATE TABLE t (a int, b int, CONSTRAINT t_a_uq UNIQUE (a));
