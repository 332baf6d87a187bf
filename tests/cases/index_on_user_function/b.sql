CREATE TABLE users (id int, email text);
CREATE FUNCTION norm_email(e text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(trim(e)) $$;
CREATE FUNCTION user_key(u users) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT u.id::text || ':' || u.email $$;
CREATE INDEX users_email_idx ON users (norm_email(email));
CREATE INDEX users_key_idx ON users (user_key(users));
