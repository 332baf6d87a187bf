create table projects (id int primary key);
create table testsets (
    id int primary key,
    project_id int references projects (id) on delete cascade,
    template_id int references projects (id) on delete set null
);
create index on testsets (project_id);
create index on testsets (template_id);
