CREATE TABLE events (kind text NOT NULL, at date NOT NULL) PARTITION BY LIST (kind);
