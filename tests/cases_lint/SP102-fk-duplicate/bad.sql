create table parent (id int primary key);
create table child (
    id int primary key,
    parent_id int references parent on delete cascade,
    constraint child_parent_again_fkey foreign key (parent_id) references parent (id)
        on delete cascade
);
create index on child (parent_id);
