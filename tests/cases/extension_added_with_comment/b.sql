CREATE EXTENSION citext;
COMMENT ON EXTENSION citext IS 'emails, compared case-insensitively';
CREATE TABLE emails (address text);
