create table workspace_members (
    id int primary key,
    user_id int not null,
    workspace_id int not null
);
-- a unique key over more than the pair does not make the pair unique
create unique index workspace_members_triple_key on workspace_members (user_id, workspace_id, id);
