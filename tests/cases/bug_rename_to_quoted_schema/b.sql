CREATE SCHEMA "Ventes";
CREATE SCHEMA "user";
CREATE TABLE "Ventes".p (id int PRIMARY KEY);
CREATE TABLE "Ventes".c (pid int CONSTRAINT c_fk REFERENCES "Ventes".p, n int DEFAULT 1);
CREATE TABLE "user".staff (id int PRIMARY KEY);
CREATE VIEW "user".v AS SELECT id FROM "user".staff;
