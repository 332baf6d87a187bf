CREATE TABLE old_t (id int CONSTRAINT t_pk PRIMARY KEY, a int);
CREATE INDEX t_a_i ON old_t (a);
CREATE TABLE c (tid int CONSTRAINT c_fk REFERENCES old_t);
CREATE VIEW v AS SELECT a FROM old_t;
