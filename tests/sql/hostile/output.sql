-- query output redirected to a file
CREATE TABLE t (id int);
\o @MARKER@
SELECT 1;
