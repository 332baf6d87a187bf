-- a table with row-level security whose policy calls a function
CREATE FUNCTION tenant() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 1 $$;
CREATE TABLE docs (id int, owner int);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON docs USING (owner = tenant());
CREATE TABLE kept (id int);
