CREATE TYPE status AS ENUM ('draft', 'published', 'archived');
CREATE TABLE post (id int PRIMARY KEY, status status NOT NULL DEFAULT 'draft');
