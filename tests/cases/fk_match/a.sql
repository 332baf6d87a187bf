CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE c (a int, b int, CONSTRAINT c_fk FOREIGN KEY (a, b) REFERENCES p);
