CREATE TABLE t (a integer, b timestamp with time zone, c boolean, d double precision, e numeric(10,2));
