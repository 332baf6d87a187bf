create table agents (id int primary key, organization_id int not null);
create index on agents (organization_id);
create table regions (id int primary key, name text);  -- not tenant-scoped
