create table users (id int primary key);
create table organizations (id int primary key);
create table organization_members (
    id int primary key,
    user_id int references users,
    organization_id int references organizations
);
create index on organization_members (user_id);
create index on organization_members (organization_id);
-- no member column at all
create table team_members (id int primary key, person int, team_id int);
