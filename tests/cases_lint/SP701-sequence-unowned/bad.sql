create sequence ticket_seq;
create sequence orphan_seq;
create table tickets (id int primary key, number bigint default nextval('ticket_seq'));
