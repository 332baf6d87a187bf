create table projects (id int primary key);
create table testsets (
    id int primary key,
    project_id int references projects (id) on delete set null,
    constraint testsets_project_id_cascade_fkey
        foreign key (project_id) references projects (id) on delete cascade
);
create index on testsets (project_id);
