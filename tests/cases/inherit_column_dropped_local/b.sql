CREATE TABLE a (id int NOT NULL, d text);
CREATE TABLE c (id int NOT NULL, d text, x int);
ALTER TABLE c INHERIT a;
CREATE TABLE g (y int) INHERITS (c);
