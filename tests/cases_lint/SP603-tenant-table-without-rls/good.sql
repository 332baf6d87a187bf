create table agents (id int primary key, organization_id int not null);
create index on agents (organization_id);
alter table agents enable row level security;
create policy agents_org on agents
    using (organization_id = current_setting('app.org_id')::int);
create table regions (id int primary key, name text);
