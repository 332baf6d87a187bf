CREATE TABLE t (a int UNIQUE, b int CHECK (b > 0));
