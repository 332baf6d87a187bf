CREATE TABLE users (role varchar(20) DEFAULT 'editor'::varchar);
