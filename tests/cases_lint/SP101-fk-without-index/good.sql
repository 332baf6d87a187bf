create table parent (id int primary key);
create table child (id int primary key, parent_id int references parent);
create index child_parent_id_idx on child (parent_id);
create table orders (id int, customer_id int, primary key (id, customer_id));
create table line (id int primary key, order_id int, customer_id int,
                   constraint line_order_fkey foreign key (order_id, customer_id)
                       references orders (id, customer_id));
-- the key columns in another order, then more columns: still supports the key
create index line_customer_order_idx on line (customer_id desc, order_id, id);
-- a foreign key that is also the primary key is indexed by it
create table profile (parent_id int primary key references parent);
