-- Scenario 1: agent platform, OPEN-SOURCE edition (schema public).
--
-- 12 resource tables: agents, skills, workflows, environments, tools, prompts,
-- datasets, evaluations, deployments, secrets, connectors, schedules.
--
-- Differences from agent_platform_cloud.sql (and nothing else):
--   * no organizations, identity_accounts, api_keys, iam_policies tables;
--   * no org_id / owner_scope columns (column order is otherwise the cloud order);
--   * slug is globally unique: UNIQUE (slug) (<table>_slug_key) instead of
--     UNIQUE (org_id, slug) (<table>_org_id_slug_key);
--   * no <table>_org_id_idx index.  The <table>_created_at_idx index is kept,
--     as in the cloud edition.

BEGIN;

-- agents: AI agents: model, instructions and tool bindings live in spec
CREATE TABLE agents (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX agents_created_at_idx ON agents (created_at);

-- skills: reusable skills an agent can be granted
CREATE TABLE skills (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX skills_created_at_idx ON skills (created_at);

-- workflows: multi-step orchestrations of agents and tools
CREATE TABLE workflows (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX workflows_created_at_idx ON workflows (created_at);

-- environments: runtime environments (dev, staging, prod)
CREATE TABLE environments (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX environments_created_at_idx ON environments (created_at);

-- tools: callable tools (HTTP, MCP, code)
CREATE TABLE tools (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX tools_created_at_idx ON tools (created_at);

-- prompts: versioned prompt templates
CREATE TABLE prompts (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX prompts_created_at_idx ON prompts (created_at);

-- datasets: evaluation and fine-tuning datasets
CREATE TABLE datasets (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX datasets_created_at_idx ON datasets (created_at);

-- evaluations: evaluation runs over datasets
CREATE TABLE evaluations (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX evaluations_created_at_idx ON evaluations (created_at);

-- deployments: agent/workflow deployments into environments
CREATE TABLE deployments (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX deployments_created_at_idx ON deployments (created_at);

-- secrets: secret references (values live in the vault, not here)
CREATE TABLE secrets (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX secrets_created_at_idx ON secrets (created_at);

-- connectors: connections to external systems
CREATE TABLE connectors (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX connectors_created_at_idx ON connectors (created_at);

-- schedules: cron-style triggers for workflows
CREATE TABLE schedules (
    id text PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL,
    labels json,
    annotations json,
    tags json,
    version_id text,
    version_message text,
    previous_version_id text,
    spec json NOT NULL,
    status json NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_by text,
    updated_by text,
    UNIQUE (slug)
);
CREATE INDEX schedules_created_at_idx ON schedules (created_at);

COMMIT;
