CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TABLE roles (id bigint PRIMARY KEY, admin boolean NOT NULL DEFAULT false);
CREATE FUNCTION ensure_role_consistency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.admin IS NULL THEN NEW.admin := false; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ensure_consistency BEFORE UPDATE ON roles
  FOR EACH ROW EXECUTE FUNCTION ensure_role_consistency();
