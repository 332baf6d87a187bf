CREATE TABLE docs (id int, owner_name name, tenant text, public boolean);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;

CREATE POLICY docs_write ON docs FOR INSERT WITH CHECK (owner_name = current_user);
CREATE POLICY docs_all ON docs USING (true);
