CREATE TABLE a (id int NOT NULL, d text, e int);
-- a table given INHERIT keeps its own columns: dropping the parent's leaves them
CREATE TABLE c (id int NOT NULL, d text, e int, x int);
ALTER TABLE c INHERIT a;
CREATE TABLE g (y int) INHERITS (c);
