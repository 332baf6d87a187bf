CREATE EXTENSION citext;
COMMENT ON EXTENSION citext IS 'case-insensitive text';
