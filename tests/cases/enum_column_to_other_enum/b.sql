CREATE SCHEMA other;
CREATE TYPE other.e1 AS ENUM ('a', 'b');
CREATE TYPE other.e2 AS ENUM ('a', 'b', 'c');
CREATE TABLE other.t (id int PRIMARY KEY, v other.e2 DEFAULT 'a', vs other.e2[]);
