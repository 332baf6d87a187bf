CREATE TABLE readings (at timestamptz NOT NULL, v float8) PARTITION BY RANGE (at);
