CREATE TABLE organization_memberships (user_id int);
CREATE INDEX organization_memberships_user_id_key ON organization_memberships (user_id);
ALTER TABLE organization_memberships ADD UNIQUE (user_id);
DROP INDEX organization_memberships_user_id_key;
