CREATE TABLE users (role varchar(20) NOT NULL DEFAULT 'viewer'::varchar);
