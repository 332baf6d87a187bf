CREATE TABLE t (a int);
CREATE INDEX "by a" ON t (a);
