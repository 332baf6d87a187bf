CREATE TABLE t (name varchar(20), price numeric(12,2), at timestamp(6));
