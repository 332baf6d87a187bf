CREATE TYPE mood AS ENUM ('sad', 'ok');
COMMENT ON TYPE mood IS 'how one feels';
