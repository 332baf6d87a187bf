-- a meta-command after SQL on the same line
CREATE TABLE t (id int);
SELECT 1 \! touch @MARKER@
