create table agents (id int primary key, org_id text not null, slug text not null unique);
create index on agents (org_id);
