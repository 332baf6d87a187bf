CREATE TABLE t (a int CONSTRAINT t_a_check CHECK (a > 0));
