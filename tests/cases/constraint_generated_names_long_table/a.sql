CREATE TABLE organization_memberships (user_id int UNIQUE);
