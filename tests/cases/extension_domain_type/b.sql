CREATE EXTENSION citext;
CREATE DOMAIN email AS public.citext CHECK (VALUE ~ '@');
CREATE TYPE contact AS (name text, email public.citext);
CREATE TABLE accounts (id int, login email, main contact);
