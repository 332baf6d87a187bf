CREATE TYPE visibility AS ENUM ('internal', 'public');
CREATE TABLE doc (id int PRIMARY KEY, visibility visibility NOT NULL DEFAULT 'internal');
ALTER TABLE doc ENABLE ROW LEVEL SECURITY;
CREATE POLICY doc_open ON doc FOR SELECT USING (visibility = 'public');
CREATE POLICY doc_write ON doc FOR INSERT WITH CHECK (visibility = 'internal');
CREATE POLICY doc_all ON doc FOR DELETE USING (id > 0);
