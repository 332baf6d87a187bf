CREATE TABLE events (id int NOT NULL, at timestamptz DEFAULT now(), kind text);
CREATE TABLE audit (actor text) INHERITS (events);
CREATE TABLE login (ip inet) INHERITS (events);
