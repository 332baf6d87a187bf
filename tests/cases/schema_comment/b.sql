CREATE SCHEMA billing;
CREATE SCHEMA "Audit";
COMMENT ON SCHEMA billing IS 'Invoices and payments';
COMMENT ON SCHEMA "Audit" IS 'new words';
