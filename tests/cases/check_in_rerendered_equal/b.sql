CREATE TABLE t (
    role varchar(10),
    CONSTRAINT t_role_check CHECK (((role)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))
);
