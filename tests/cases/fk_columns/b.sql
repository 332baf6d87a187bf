CREATE TABLE p (a int, b int, UNIQUE (a), UNIQUE (b));
CREATE TABLE c (x int, y int, CONSTRAINT c_p_fk FOREIGN KEY (y) REFERENCES p (b));
