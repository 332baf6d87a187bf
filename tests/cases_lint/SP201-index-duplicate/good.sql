create table t (id int primary key, a int, b text);
create index t_a_idx on t (a);
create index t_a_hash on t using hash (a);
create index t_a_partial on t (a) where b is not null;
create index t_b_lower on t (lower(b));
create index t_b_upper on t (upper(b));
