CREATE SCHEMA audit;
CREATE TABLE audit.ddl_log (tag text, at timestamptz DEFAULT now());
CREATE FUNCTION audit.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit.ddl_log (tag) VALUES (tg_tag);
END $$;
CREATE FUNCTION audit.no_drops() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'dropped: %', tg_tag;
END $$;
CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION audit.log_ddl();
CREATE EVENT TRIGGER "Watch Drops" ON sql_drop WHEN TAG IN ('DROP TABLE', 'ALTER TABLE') EXECUTE FUNCTION audit.no_drops();
COMMENT ON EVENT TRIGGER log_ddl IS 'every DDL command is logged';
