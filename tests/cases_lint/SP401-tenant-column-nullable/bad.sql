create table agents (id int primary key, organization_id int);
create index on agents (organization_id);
create table skills (id int primary key, "tenantId" int);
create index on skills ("tenantId");
