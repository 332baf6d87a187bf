CREATE TABLE fees (id bigint PRIMARY KEY, amount_cents bigint);
