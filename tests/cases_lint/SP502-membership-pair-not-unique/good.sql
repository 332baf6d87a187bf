create table workspace_members (
    id int primary key,
    user_id int not null,
    workspace_id int not null,
    unique (workspace_id, user_id)
);
