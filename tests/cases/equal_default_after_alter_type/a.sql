CREATE TABLE users (role varchar(20) NOT NULL DEFAULT 'viewer');
ALTER TABLE users ALTER COLUMN role TYPE text;
