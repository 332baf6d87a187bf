CREATE EXTENSION pg_trgm;
CREATE TABLE docs (id int, title text);
CREATE INDEX docs_title_trgm ON docs USING gin (title gin_trgm_ops);
CREATE TABLE tags (name text);
CREATE INDEX tags_name_trgm ON tags USING gist (name gist_trgm_ops);
