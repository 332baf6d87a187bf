CREATE SCHEMA "Shop";
CREATE TYPE "Shop".status AS ENUM ('new', 'done');
CREATE TABLE "Shop".customer (id int NOT NULL, email text NOT NULL);
CREATE TABLE "Shop"."order" (
    id int NOT NULL,
    customer_id int NOT NULL,
    status "Shop".status NOT NULL DEFAULT 'new'
);
ALTER TABLE "Shop".customer ADD CONSTRAINT customer_pkey PRIMARY KEY (id);
ALTER TABLE "Shop".customer ADD CONSTRAINT customer_email_key UNIQUE (email);
ALTER TABLE "Shop"."order" ADD CONSTRAINT order_pkey PRIMARY KEY (id);
ALTER TABLE "Shop"."order" ADD CONSTRAINT order_customer_id_fkey
    FOREIGN KEY (customer_id) REFERENCES "Shop".customer (id);
CREATE INDEX order_customer_id_idx ON "Shop"."order" (customer_id);
CREATE VIEW "Shop".open_orders AS SELECT id FROM "Shop"."order" WHERE status = 'new';
COMMENT ON TABLE "Shop"."order" IS 'orders';
