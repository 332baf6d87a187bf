create table documents (id int primary key, body text);
alter table documents enable row level security;
create policy documents_read on documents for select using (true);
