-- a parent index made ON ONLY and attached on one partition of two: it stays invalid
CREATE TABLE ev (id bigint NOT NULL, at date NOT NULL, k text) PARTITION BY RANGE (at);
CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE ev_default PARTITION OF ev DEFAULT;
ALTER TABLE ONLY ev ADD CONSTRAINT ev_pkey PRIMARY KEY (id, at);
ALTER TABLE ONLY ev_2024 ADD CONSTRAINT ev_2024_pkey PRIMARY KEY (id, at);
ALTER INDEX ev_pkey ATTACH PARTITION ev_2024_pkey;
CREATE INDEX ev_k_idx ON ONLY ev (k);
CREATE INDEX ev_default_k_idx ON ev_default (k);
ALTER INDEX ev_k_idx ATTACH PARTITION ev_default_k_idx;
-- an index on a partition that matches the parent's but was never attached to it
CREATE INDEX ev_2024_k_idx ON ev_2024 (k);
