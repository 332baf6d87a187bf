CREATE TABLE t (id int, name text, email text);
