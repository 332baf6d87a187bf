create type "Colour" as enum ('red', 'green');
create type mood as enum ('ok');
create type size as enum ('s', 'm');
create type shape as enum ('round');
create table t (id int primary key, c "Colour"[]);
create view v as select 'ok'::mood as m;
create function f(s size) returns int language sql as 'select 1';
create type box_t as (s shape);
