CREATE DOMAIN positive AS numeric CONSTRAINT positive_check CHECK (VALUE > 0);
CREATE DOMAIN "user" AS text;
