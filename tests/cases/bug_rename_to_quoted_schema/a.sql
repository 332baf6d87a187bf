CREATE SCHEMA sales;
CREATE SCHEMA hr;
CREATE TABLE sales.p (id int PRIMARY KEY);
CREATE TABLE sales.c (pid int CONSTRAINT c_fk REFERENCES sales.p, n int DEFAULT 0);
CREATE TABLE hr.staff (id int PRIMARY KEY);
CREATE VIEW hr.v AS SELECT id FROM hr.staff;
