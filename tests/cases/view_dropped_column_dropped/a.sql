CREATE TABLE fees (id bigint PRIMARY KEY, amount_cents bigint, precise_amount_cents numeric);
CREATE VIEW exports_fees AS SELECT id, precise_amount_cents FROM fees;
