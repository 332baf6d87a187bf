CREATE SCHEMA "Ventes";
CREATE TABLE "Ventes".p (id int PRIMARY KEY);
CREATE TABLE "Ventes".c (pid int CONSTRAINT c_fk REFERENCES "Ventes".p, n int DEFAULT 1);
CREATE INDEX c_n_idx ON "Ventes".c (n);
CREATE VIEW "Ventes".v AS SELECT n FROM "Ventes".c;
