create table group_memberships (account_id int not null, group_id int not null);
-- not a membership table under these settings
create table project_members (id int primary key, user_id int, project_id int);
