CREATE TABLE cache (k text, v bytea);
