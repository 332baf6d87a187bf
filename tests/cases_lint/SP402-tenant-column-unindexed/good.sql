create table sessions (id int primary key, user_id int not null, org_id text not null);
create index sessions_org_user_idx on sessions (org_id, user_id);
create table keys (org_id text not null, name text not null, primary key (org_id, name));
