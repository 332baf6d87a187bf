CREATE TABLE docs (id int, owner_name name, tenant text, public boolean);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_guard ON docs AS PERMISSIVE USING (tenant = current_user);
