CREATE TYPE status AS ENUM ('todo', 'doing', 'done', 'dropped');
CREATE TABLE task (id int PRIMARY KEY, status status NOT NULL DEFAULT 'todo', title text);
CREATE VIEW open_task AS SELECT id, title FROM task WHERE status <> 'done';
CREATE VIEW old_task AS SELECT id, status FROM task;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER task_done BEFORE UPDATE ON task FOR EACH ROW WHEN (NEW.status = 'done') EXECUTE FUNCTION touch();
ALTER TABLE task ENABLE ROW LEVEL SECURITY;
CREATE POLICY task_seen ON task FOR SELECT USING (status <> 'dropped');
CREATE INDEX task_todo ON task (id) WHERE status = 'todo';
