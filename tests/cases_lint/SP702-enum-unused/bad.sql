create type "Colour" as enum ('red', 'green');
create type mood as enum ('ok');
create table t (id int primary key, m mood);
