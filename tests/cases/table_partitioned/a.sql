CREATE TABLE readings (at timestamptz NOT NULL, v float8);
