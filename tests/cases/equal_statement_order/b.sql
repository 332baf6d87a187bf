CREATE SCHEMA "Shop";
CREATE TYPE "Shop".status AS ENUM ('new', 'done');
CREATE TABLE "Shop".customer (
    id int NOT NULL PRIMARY KEY,
    email text NOT NULL UNIQUE
);
CREATE TABLE "Shop"."order" (
    id int NOT NULL PRIMARY KEY,
    customer_id int NOT NULL REFERENCES "Shop".customer (id),
    status "Shop".status NOT NULL DEFAULT 'new'
);
COMMENT ON TABLE "Shop"."order" IS 'orders';
CREATE VIEW "Shop".open_orders AS SELECT id FROM "Shop"."order" WHERE status = 'new';
CREATE INDEX ON "Shop"."order" (customer_id);
