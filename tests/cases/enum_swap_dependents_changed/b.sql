CREATE TYPE status AS ENUM ('todo', 'doing', 'done');
CREATE TABLE task (id int PRIMARY KEY, status status NOT NULL DEFAULT 'todo', title text);
CREATE VIEW open_task AS SELECT id, title, status FROM task WHERE status <> 'done';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER task_done BEFORE UPDATE ON task FOR EACH ROW WHEN (NEW.status = 'doing') EXECUTE FUNCTION touch();
ALTER TABLE task ENABLE ROW LEVEL SECURITY;
CREATE INDEX task_todo ON task (id, title) WHERE status = 'todo';
