CREATE TABLE accounts (id int PRIMARY KEY, code text);
CREATE TABLE orders (id int PRIMARY KEY, account_code text);
