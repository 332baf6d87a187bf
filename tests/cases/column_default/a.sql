CREATE TABLE t (a int, b text DEFAULT 'x', c timestamptz DEFAULT now());
