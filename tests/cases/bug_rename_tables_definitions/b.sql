CREATE TABLE new_t (id int CONSTRAINT t_pk PRIMARY KEY, a bigint);
CREATE INDEX t_a_i ON new_t (a);
CREATE TABLE c (tid int CONSTRAINT c_fk REFERENCES new_t);
CREATE VIEW v AS SELECT a FROM new_t;
