create table users (id int primary key);
create table organizations (id int primary key);
create table organization_members (
    id int primary key,
    user_id int not null references users,
    organization_id int not null references organizations,
    unique (user_id, organization_id)
);
create index on organization_members (organization_id);
-- scope found through the tenant column (Prisma naming)
create table team_members ("userId" int not null, "tenantId" int not null,
                           "invitedById" int references users, primary key ("tenantId", "userId"));
