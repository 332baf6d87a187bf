CREATE FUNCTION norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower($1) $$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE t (
    id int PRIMARY KEY,
    code text DEFAULT norm('X') CONSTRAINT t_code_check CHECK (norm(code) <> ''),
    owner_name text
);
CREATE INDEX t_norm_idx ON t (norm(code));
CREATE VIEW v AS SELECT id, norm(code) AS n FROM t;
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY t_read ON t FOR SELECT USING (norm(owner_name) = 'x');
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW
    WHEN (norm(NEW.code) IS DISTINCT FROM norm(OLD.code)) EXECUTE FUNCTION touch();
