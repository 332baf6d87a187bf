CREATE TABLE t (
    qty int, price numeric,
    total numeric GENERATED ALWAYS AS (qty * price) STORED,
    label text
);
