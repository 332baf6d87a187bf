CREATE TYPE status AS ENUM ('open', 'closed', 'void');
CREATE TABLE ticket (id int PRIMARY KEY, status status NOT NULL, closed_at timestamptz);
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.closed_at := now(); RETURN NEW; END $$;
CREATE TRIGGER ticket_closed BEFORE UPDATE ON ticket
    FOR EACH ROW WHEN (NEW.status = 'closed' AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION stamp();
CREATE TRIGGER ticket_touched BEFORE UPDATE OF status ON ticket
    FOR EACH ROW EXECUTE FUNCTION stamp();
CREATE TRIGGER ticket_any BEFORE INSERT ON ticket FOR EACH ROW EXECUTE FUNCTION stamp();
