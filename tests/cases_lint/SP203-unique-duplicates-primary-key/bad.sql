create table t (id int primary key, org int);
-- (inside CREATE TABLE, PostgreSQL folds a UNIQUE equal to the primary key into it;
-- a later migration adding one is how the duplicate arises)
alter table t add constraint t_id_key unique (id);
create table pair (a int, b int, primary key (a, b));
create unique index pair_b_a_idx on pair (b, a);
