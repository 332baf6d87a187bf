CREATE SCHEMA audit;
CREATE TABLE audit.ddl_log (tag text, at timestamptz DEFAULT now());
CREATE FUNCTION audit.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit.ddl_log (tag) VALUES (tg_tag);
END $$;
CREATE FUNCTION audit.other() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN NULL; END $$;
CREATE EVENT TRIGGER log_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'CREATE INDEX') EXECUTE FUNCTION audit.log_ddl();
CREATE EVENT TRIGGER moved ON sql_drop EXECUTE FUNCTION audit.other();
