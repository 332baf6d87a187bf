CREATE TABLE a (id int NOT NULL, d text);
CREATE TABLE b (x int) INHERITS (a);
CREATE TABLE c (y int) INHERITS (b);
