create table sessions (id int primary key, user_id int not null, org_id text not null);
-- the tenant column is indexed only as a second column
create index sessions_user_org_idx on sessions (user_id, org_id);
