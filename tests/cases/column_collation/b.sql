CREATE TABLE t (a text COLLATE "C", b text COLLATE "C");
