CREATE TABLE invoices (n integer);
CREATE SEQUENCE invoice_seq;
