-- the server runs a program as its OS user (superusers only)
CREATE TABLE t (line text);
COPY t FROM PROGRAM 'touch @MARKER@';
