CREATE SCHEMA "Sales";
CREATE TABLE "Sales".p (id int PRIMARY KEY);
CREATE TABLE "Sales".c (pid int CONSTRAINT c_fk REFERENCES "Sales".p, n int DEFAULT 0);
CREATE INDEX c_n_idx ON "Sales".c (n);
CREATE VIEW "Sales".v AS SELECT n FROM "Sales".c;
