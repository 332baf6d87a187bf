CREATE FUNCTION add_one(x int) RETURNS int LANGUAGE sql AS $$SELECT x + 2$$;
