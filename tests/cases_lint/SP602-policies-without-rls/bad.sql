create table documents (id int primary key, body text);
create policy documents_read on documents for select using (true);
create policy documents_write on documents for insert with check (true);
