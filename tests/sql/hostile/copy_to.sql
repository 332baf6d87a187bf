-- client-side COPY to a file
CREATE TABLE t (id int);
INSERT INTO t VALUES (1);
\copy t to '@MARKER@'
