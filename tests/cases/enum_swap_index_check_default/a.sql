CREATE TYPE phase AS ENUM ('new', 'running', 'done', 'failed');
CREATE TABLE job (
    id int PRIMARY KEY,
    phase phase NOT NULL DEFAULT 'new',
    CONSTRAINT job_phase_known CHECK (phase IN ('new', 'running', 'done'))
);
CREATE INDEX job_running ON job (id) WHERE phase = 'running';
CREATE INDEX job_phase ON job (phase);
CREATE UNIQUE INDEX job_one_running ON job (phase) WHERE phase = 'running';
