CREATE TABLE t (id int, "select" text);
