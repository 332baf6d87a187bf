CREATE TABLE t (name varchar(10), price numeric(10,2), at timestamp(3));
