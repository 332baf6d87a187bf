create table events (id int not null, payload text);
create unique index events_id_idx on events (id);  -- a unique index is not a primary key
create table parent_events (id int primary key);
create table child_events () inherits (parent_events);  -- inheritance does not copy it
