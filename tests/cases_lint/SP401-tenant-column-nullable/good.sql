create table agents (id int primary key, organization_id int not null);
create index on agents (organization_id);
-- not tenant-scoped: no tenant column
create table users (id int primary key, team_id int);
