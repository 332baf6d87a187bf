CREATE SEQUENCE ticket_seq;
