CREATE TABLE src (id int, label text);
CREATE VIEW data AS SELECT id, label FROM src;
CREATE VIEW report AS SELECT id, label FROM data;
