CREATE TABLE a (id int NOT NULL, d varchar(10), n int, g text DEFAULT 'x');
CREATE TABLE b (x int) INHERITS (a);
