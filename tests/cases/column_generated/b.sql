CREATE TABLE t (
    qty int, price numeric,
    total numeric GENERATED ALWAYS AS (qty * price * 1.2) STORED,
    label text GENERATED ALWAYS AS ('qty ' || qty) STORED
);
