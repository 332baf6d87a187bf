CREATE SCHEMA util;
CREATE FUNCTION util.new_code() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT md5(random()::text) $$;
CREATE TABLE t (id int, code text NOT NULL DEFAULT util.new_code());
CREATE TABLE u (id int, code text DEFAULT util.new_code());
