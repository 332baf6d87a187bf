create table parent (id int primary key);
create table child (id int primary key, parent_id int references parent);
-- an index that does not lead with the column, and a partial one, do not count
create index child_id_parent_idx on child (id, parent_id);
create index child_parent_partial_idx on child (parent_id) where id > 0;
create table orders (id int, customer_id int, primary key (id, customer_id));
create table line (id int primary key, order_id int, customer_id int,
                   constraint line_order_fkey foreign key (order_id, customer_id)
                       references orders (id, customer_id));
create index line_order_idx on line (order_id);  -- covers only part of the key
