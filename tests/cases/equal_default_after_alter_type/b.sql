CREATE TABLE users (role text NOT NULL DEFAULT 'viewer');
