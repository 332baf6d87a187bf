CREATE TABLE memberships (id bigint PRIMARY KEY, organization_id bigint NOT NULL);
