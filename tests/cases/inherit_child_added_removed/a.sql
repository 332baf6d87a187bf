CREATE TABLE events (id int NOT NULL, at timestamptz DEFAULT now());
CREATE TABLE audit (id int NOT NULL, at timestamptz DEFAULT now(), actor text);
