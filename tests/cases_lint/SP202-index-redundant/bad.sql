create table t (id int primary key, a int, b int, c int);
create index t_a_idx on t (a);
create index t_a_b_idx on t (a, b);
-- a plain index next to a unique one on the same column
create index t_c_plain on t (c);
create unique index t_c_key on t (c);
