-- a superset of the primary key (a composite foreign key's target) is fine
create table t (id int primary key, org int, constraint t_id_org_key unique (id, org));
create table pair (a int, b int, primary key (a, b));
create unique index pair_a_idx on pair (a) where b > 0;
