CREATE TABLE memberships (id bigint PRIMARY KEY, organization_id bigint NOT NULL);
CREATE UNIQUE INDEX index_memberships_by_id_and_organization ON memberships (id, organization_id);
CREATE TABLE membership_roles (
    id bigint PRIMARY KEY,
    membership_id bigint NOT NULL,
    organization_id bigint NOT NULL,
    CONSTRAINT membership_role_membership_fk FOREIGN KEY (membership_id, organization_id)
        REFERENCES memberships (id, organization_id)
);
