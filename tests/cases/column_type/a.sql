CREATE TABLE t (id integer, payload text);
