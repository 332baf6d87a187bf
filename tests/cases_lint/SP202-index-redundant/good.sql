create table t (id int primary key, a int, b int, c int);
-- unique: enforces something, never redundant
create unique index t_a_key on t (a);
create index t_a_b_idx on t (a, b);
-- not a prefix
create index t_b_idx on t (b);
-- different predicate
create index t_c_partial on t (c) where a > 0;
create index t_c_a_idx on t (c, a);
-- another method
create index t_b_hash on t using hash (b);
