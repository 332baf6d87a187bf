CREATE TABLE docs (id int, title text);
