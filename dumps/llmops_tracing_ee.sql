-- Scenario 2: LLM-ops platform, TRACING database, EE edition.
--
-- The tracing schema is identical in both editions: spans, traces, nodes,
-- three enums (span_kind, status_code, node_type), jsonb columns, plain,
-- partial and GIN indexes, and one composite FK (spans -> traces).
-- The only difference from llmops_tracing_oss.sql is the migration version
-- table: alembic_version_tracing_ee here vs alembic_version_tracing_oss
-- there; both hold the same revision ('c4e7a91d2f08').  With version tables
-- ignored (or mapped onto each other) the two tracing databases diff to zero.
--
-- PostgreSQL >= 13 (gen_random_uuid() is built in); no extensions.

BEGIN;

-- ---------------------------------------------------------------- enums

CREATE TYPE span_kind AS ENUM (
    'SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER',
    'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'
);
CREATE TYPE status_code AS ENUM ('STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR');
CREATE TYPE node_type AS ENUM (
    'agent', 'workflow', 'chain', 'task', 'tool', 'embedding', 'query',
    'completion', 'chat', 'rerank'
);

-- ---------------------------------------------------------------- traces
-- One row per trace; project_id is the tenant key (no FK: the core database
-- is a different database).

CREATE TABLE traces (
    project_id uuid NOT NULL,
    trace_id uuid NOT NULL,
    root_span_id uuid,
    name text,
    start_time timestamptz NOT NULL,
    end_time timestamptz,
    attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, trace_id)
);
CREATE INDEX traces_project_id_start_time_idx ON traces (project_id, start_time DESC);

-- ---------------------------------------------------------------- spans

CREATE TABLE spans (
    project_id uuid NOT NULL,
    trace_id uuid NOT NULL,
    span_id uuid NOT NULL,
    parent_id uuid,
    span_kind span_kind NOT NULL DEFAULT 'SPAN_KIND_UNSPECIFIED',
    span_name text NOT NULL,
    start_time timestamptz NOT NULL,
    end_time timestamptz NOT NULL,
    status_code status_code NOT NULL DEFAULT 'STATUS_CODE_UNSET',
    status_message text,
    attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
    events jsonb,
    links jsonb,
    "references" jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (project_id, trace_id, span_id),
    FOREIGN KEY (project_id, trace_id)
        REFERENCES traces (project_id, trace_id) ON DELETE CASCADE,
    CHECK (end_time >= start_time)
);
CREATE INDEX spans_project_id_start_time_idx ON spans (project_id, start_time DESC);
-- Root spans only: the trace list view.
CREATE INDEX spans_root_idx ON spans (project_id, start_time DESC)
    WHERE parent_id IS NULL AND deleted_at IS NULL;
-- Attribute filtering ("attributes @> '{...}'").
CREATE INDEX spans_attributes_gin_idx ON spans USING gin (attributes jsonb_path_ops);
CREATE INDEX spans_references_gin_idx ON spans USING gin ("references");

-- ---------------------------------------------------------------- nodes
-- Legacy observability tree, still written by older SDKs.

CREATE TABLE nodes (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid NOT NULL,
    root_id uuid NOT NULL,
    tree_id uuid NOT NULL,
    node_id uuid NOT NULL,
    node_name text NOT NULL,
    node_type node_type,
    parent_id uuid,
    time_start timestamptz NOT NULL,
    time_end timestamptz NOT NULL,
    status jsonb,
    data jsonb,
    metrics jsonb,
    meta jsonb,
    refs jsonb,
    exception jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, node_id)
);
CREATE INDEX nodes_project_id_tree_id_idx ON nodes (project_id, tree_id);
CREATE INDEX nodes_project_id_time_start_idx ON nodes (project_id, time_start DESC);
CREATE INDEX nodes_errors_idx ON nodes (project_id, time_start DESC)
    WHERE exception IS NOT NULL;
CREATE INDEX nodes_refs_gin_idx ON nodes USING gin (refs);

-- ---------------------------------------------------------------- migration bookkeeping

CREATE TABLE alembic_version_tracing_ee (
    version_num varchar(32) PRIMARY KEY
);
INSERT INTO alembic_version_tracing_ee (version_num) VALUES ('c4e7a91d2f08');

COMMIT;
