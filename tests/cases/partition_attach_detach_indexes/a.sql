CREATE TABLE m (id int NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at))
    PARTITION BY RANGE (at);
CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX m_v_idx ON m (v);
CREATE UNIQUE INDEX m_id_at_key ON m (id, at);
CREATE TABLE m_old (id int NOT NULL, at date NOT NULL, v text);
CREATE INDEX m_old_v_idx ON m_old (v);
CREATE INDEX m_old_at_idx ON m_old (at);
