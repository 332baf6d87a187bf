CREATE SCHEMA billing;
CREATE SCHEMA "Audit";
COMMENT ON SCHEMA "Audit" IS 'old words';
