CREATE TYPE mood AS ENUM ('sad', 'ok');
COMMENT ON TYPE mood IS 'how it feels';
