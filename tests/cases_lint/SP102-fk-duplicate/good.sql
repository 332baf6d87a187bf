create table parent (id int primary key);
create table other (id int primary key);
create table child (
    id int primary key,
    parent_id int references parent on delete cascade,
    other_id int references other on delete cascade
);
create index on child (parent_id);
create index on child (other_id);
