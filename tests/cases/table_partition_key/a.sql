CREATE TABLE events (kind text NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
