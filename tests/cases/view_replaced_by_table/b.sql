CREATE TABLE src (id int, label text);
CREATE TABLE data (id int, label text);
CREATE VIEW report AS SELECT id, label FROM data;
