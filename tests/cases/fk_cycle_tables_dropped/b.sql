CREATE TABLE kept (id int PRIMARY KEY);
CREATE TABLE tenants (id int PRIMARY KEY, owner_id int);
CREATE TABLE users (id int PRIMARY KEY, tenant_id int REFERENCES tenants, manager_id int REFERENCES users);
ALTER TABLE tenants ADD CONSTRAINT tenants_owner_fk FOREIGN KEY (owner_id) REFERENCES users;
