CREATE TABLE t (role varchar(10), CONSTRAINT t_role_check CHECK (role IN ('admin', 'viewer')));
