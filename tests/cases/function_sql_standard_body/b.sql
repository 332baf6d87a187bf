CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE RETURN lower(btrim(t));
