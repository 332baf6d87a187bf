-- the server reads one of its files (superusers only)
CREATE TABLE t AS
  SELECT pg_read_file('/etc/hostname') AS contents;
