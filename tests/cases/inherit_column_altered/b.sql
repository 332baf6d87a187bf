CREATE TABLE a (id int NOT NULL, d varchar(40), n int NOT NULL DEFAULT 1, g text);
CREATE TABLE b (x int) INHERITS (a);
