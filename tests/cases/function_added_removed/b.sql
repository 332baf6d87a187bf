CREATE FUNCTION "größe"(n int) RETURNS int LANGUAGE sql AS $$ SELECT n $$;
