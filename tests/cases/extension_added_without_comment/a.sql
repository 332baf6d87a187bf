CREATE TABLE emails (address text);
