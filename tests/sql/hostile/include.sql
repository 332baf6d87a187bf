-- another file read (and run) into the schema
CREATE TABLE t (id int);
\i @INCLUDED@
