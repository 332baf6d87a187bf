CREATE TABLE t (a int);
CREATE INDEX "T_ä_Index" ON t (a);
