CREATE EXTENSION citext;
CREATE EXTENSION hstore;
CREATE TABLE keep (id int, attrs public.hstore);
CREATE TABLE users (id int, email public.citext NOT NULL);
