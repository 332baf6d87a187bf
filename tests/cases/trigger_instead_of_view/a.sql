CREATE TABLE t (id int, name text);
CREATE VIEW v AS SELECT id, name FROM t;
CREATE FUNCTION v_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO t VALUES (NEW.id, NEW.name); RETURN NEW; END $$;
