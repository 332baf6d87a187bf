CREATE FUNCTION is_code(v text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT $1 ~ '^[A-Z]+$' $$;
CREATE DOMAIN code AS text CHECK (is_code(VALUE));
CREATE TABLE keep (id int, c code);
