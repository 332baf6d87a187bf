\set v `touch @MARKER@`
CREATE TABLE t (id int);
