CREATE TABLE users (role varchar(20) DEFAULT 'viewer'::character varying);
