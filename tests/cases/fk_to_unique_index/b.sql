CREATE TABLE accounts (id int PRIMARY KEY, code text);
CREATE UNIQUE INDEX accounts_code_idx ON accounts (code);
CREATE TABLE orders (id int PRIMARY KEY, account_code text REFERENCES accounts (code));
