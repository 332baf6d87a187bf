CREATE TABLE keep (id int, n serial);
CREATE TABLE gone (id serial PRIMARY KEY, note text);
CREATE SEQUENCE gone_extra_seq OWNED BY gone.note;
