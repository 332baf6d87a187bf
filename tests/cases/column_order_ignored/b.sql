CREATE TABLE t (id int, email text, name text);
