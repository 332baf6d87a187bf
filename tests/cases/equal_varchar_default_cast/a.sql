CREATE TABLE users (role character varying(20) NOT NULL DEFAULT 'viewer'::character varying);
