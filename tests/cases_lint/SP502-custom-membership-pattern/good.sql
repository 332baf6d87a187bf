create table group_memberships (account_id int not null, group_id int not null,
                                primary key (account_id, group_id));
create table project_members (id int primary key, user_id int, project_id int);
