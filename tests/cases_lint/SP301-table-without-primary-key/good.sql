create table events (id int primary key, payload text);
-- partitions take the primary key of their parent
create table readings (sensor int, at date, primary key (sensor, at)) partition by range (at);
create table readings_2025 partition of readings for values from ('2025-01-01') to ('2026-01-01');
