CREATE TYPE level AS ENUM ('low', 'mid', 'high', 'urgent');
CREATE TABLE alert (id int PRIMARY KEY, level level NOT NULL, note text);
CREATE FUNCTION weight(l level) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT array_position(enum_range(NULL::level), l) $$;
CREATE FUNCTION top() RETURNS level LANGUAGE sql STABLE AS $$ SELECT max(level) FROM public.alert $$;
CREATE VIEW weights AS SELECT w, weight(w::level) AS n FROM unnest(ARRAY['low', 'high']) AS x(w);
CREATE VIEW alert_feed AS SELECT id, level, note FROM alert;
CREATE FUNCTION feed_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO alert VALUES (NEW.id, NEW.level, NEW.note); RETURN NEW; END $$;
CREATE TRIGGER alert_feed_insert INSTEAD OF INSERT ON alert_feed FOR EACH ROW EXECUTE FUNCTION feed_insert();
