create table t (id int primary key, a int unique, b text);
-- same definition as the unique constraint's index: the bare index is reported
create unique index t_a_idx on t (a);
create index t_b_idx on t (lower(b));
create index t_b_idx2 on t (lower(b));
