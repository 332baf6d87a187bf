CREATE TABLE t (id int, "naïve" boolean NOT NULL DEFAULT false);
