CREATE TABLE b_params (id bigint PRIMARY KEY, params text, email text);
