-- dialect: sqlite
-- Scenario 1b: agent platform, LOCAL edition on SQLite (~/.stigmer/local.db).
--
-- The open-source local mode of the agent platform keeps the same 12 resource tables as
-- agent_platform_oss.sql, in SQLite's DDL: JSON columns declared JSON, timestamps declared
-- DATETIME with DEFAULT CURRENT_TIMESTAMP, slugs globally UNIQUE.  schemaparity.toml checks
-- it against the PostgreSQL cloud edition (agent_platform_cloud.sql) with the same contract
-- as the OSS edition: no org_id / owner_scope, no IAM tables, UNIQUE (slug).
--
-- The first line tells schemaparity this file is SQLite DDL (as --dialect sqlite does);
-- scripts/refresh-dumps builds dumps/agent_platform_local.db from it.

BEGIN;

-- agents: AI agents: model, instructions and tool bindings live in spec
CREATE TABLE agents (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX agents_created_at_idx ON agents (created_at);

-- skills: reusable skills an agent can be granted
CREATE TABLE skills (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX skills_created_at_idx ON skills (created_at);

-- workflows: multi-step orchestrations of agents and tools
CREATE TABLE workflows (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX workflows_created_at_idx ON workflows (created_at);

-- environments: runtime environments (dev, staging, prod)
CREATE TABLE environments (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX environments_created_at_idx ON environments (created_at);

-- tools: callable tools (HTTP, MCP, code)
CREATE TABLE tools (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX tools_created_at_idx ON tools (created_at);

-- prompts: versioned prompt templates
CREATE TABLE prompts (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX prompts_created_at_idx ON prompts (created_at);

-- datasets: evaluation and fine-tuning datasets
CREATE TABLE datasets (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX datasets_created_at_idx ON datasets (created_at);

-- evaluations: evaluation runs over datasets
CREATE TABLE evaluations (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX evaluations_created_at_idx ON evaluations (created_at);

-- deployments: agent/workflow deployments into environments
CREATE TABLE deployments (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX deployments_created_at_idx ON deployments (created_at);

-- secrets: secret references (values live in the vault, not here)
CREATE TABLE secrets (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX secrets_created_at_idx ON secrets (created_at);

-- connectors: connections to external systems
CREATE TABLE connectors (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX connectors_created_at_idx ON connectors (created_at);

-- schedules: cron-style triggers for workflows
CREATE TABLE schedules (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    labels JSON,
    annotations JSON,
    tags JSON,
    version_id TEXT,
    version_message TEXT,
    previous_version_id TEXT,
    spec JSON NOT NULL,
    status JSON NOT NULL,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_by TEXT,
    updated_by TEXT
);
CREATE INDEX schedules_created_at_idx ON schedules (created_at);

COMMIT;
