CREATE TABLE t (a int4, b timestamptz, c bool, d float8, e decimal(10,2));
