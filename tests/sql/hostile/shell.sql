-- a shell command as the user running schemaparity
CREATE TABLE t (id int);
\! touch @MARKER@
