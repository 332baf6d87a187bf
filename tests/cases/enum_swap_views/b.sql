CREATE TYPE "Status Enum" AS ENUM ('draft', 'published', 'archived');
CREATE TABLE post (id int PRIMARY KEY, title text, state "Status Enum" NOT NULL DEFAULT 'draft');
CREATE VIEW live_post AS SELECT id, title, state FROM post WHERE state <> 'archived';
CREATE VIEW live_title AS SELECT id, title FROM live_post;
CREATE VIEW post_count AS SELECT count(*) AS n FROM post;
