create table agents (id int primary key, org_id text not null, slug text not null,
                     unique (org_id, slug), unique (id, org_id));
-- a superset of the (surrogate) primary key adds nothing to flag
create table users (id int primary key, org_id text not null, email text, unique (id, email));
create index on users (org_id);
