CREATE TABLE b_params (id bigint PRIMARY KEY, params jsonb, email text);
CREATE INDEX index_b_params_on_owner_email ON b_params (((params -> 'bike') ->> 'owner_email'));
CREATE INDEX index_b_params_on_email ON b_params (email) WHERE params IS NOT NULL;
