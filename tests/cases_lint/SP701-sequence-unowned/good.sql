create table tickets (id serial primary key, number bigint,
                      code bigint generated always as identity);
create sequence ticket_seq owned by tickets.number;
