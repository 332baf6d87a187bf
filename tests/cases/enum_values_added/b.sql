CREATE TYPE status AS ENUM ('draft', 'review', 'published', 'archived', 'deleted', 'purged');
CREATE TABLE post (id int PRIMARY KEY, status status NOT NULL DEFAULT 'review');
