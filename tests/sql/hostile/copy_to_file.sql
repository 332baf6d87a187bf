-- COPY ... TO a server file (superusers only)
CREATE TABLE t (id int);
COPY t TO '@MARKER@';
