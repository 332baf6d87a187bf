-- Scenario 1: agent platform, CLOUD edition (schema public).
--
-- 16 tables: 12 resource tables shared with the open-source edition
--   (agents, skills, workflows, environments, tools, prompts, datasets,
--    evaluations, deployments, secrets, connectors, schedules)
-- plus 4 cloud-only tables: organizations, identity_accounts, api_keys, iam_policies.
--
-- Every shared resource table has the common resource columns plus, right after id,
--   org_id text NOT NULL, owner_scope integer NOT NULL
-- with UNIQUE (org_id, slug) (auto-named <table>_org_id_slug_key), an index
-- <table>_org_id_idx on org_id and an index <table>_created_at_idx on created_at.
--
-- Cloud-only tables: organizations is the tenant root (common columns only,
-- UNIQUE (slug), created_at index); identity_accounts, api_keys and iam_policies
-- are tenant-scoped like the resource tables and reference organizations(id)
-- ON DELETE CASCADE.  Shared tables have no foreign keys.
--
-- Parity rule with agent_platform_oss.sql (must hold exactly):
--   OSS = cloud - {organizations, identity_accounts, api_keys, iam_policies}
--             - columns org_id, owner_scope on every table
--             - index <table>_org_id_idx
--             with UNIQUE (org_id, slug) narrowed to UNIQUE (slug)
--               (<table>_org_id_slug_key becomes <table>_slug_key).

BEGIN;

-- organizations: tenants of the cloud edition (root of the org_id hierarchy)
CREATE TABLE organizations (
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
CREATE INDEX organizations_created_at_idx ON organizations (created_at);

-- identity_accounts: SSO / OIDC identities linked to an organization
CREATE TABLE identity_accounts (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug),
    FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX identity_accounts_org_id_idx ON identity_accounts (org_id);
CREATE INDEX identity_accounts_created_at_idx ON identity_accounts (created_at);

-- api_keys: organization-scoped API keys (hash in spec)
CREATE TABLE api_keys (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug),
    FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX api_keys_org_id_idx ON api_keys (org_id);
CREATE INDEX api_keys_created_at_idx ON api_keys (created_at);

-- iam_policies: IAM policy documents bound to an organization
CREATE TABLE iam_policies (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug),
    FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX iam_policies_org_id_idx ON iam_policies (org_id);
CREATE INDEX iam_policies_created_at_idx ON iam_policies (created_at);

-- agents: AI agents: model, instructions and tool bindings live in spec
CREATE TABLE agents (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX agents_org_id_idx ON agents (org_id);
CREATE INDEX agents_created_at_idx ON agents (created_at);

-- skills: reusable skills an agent can be granted
CREATE TABLE skills (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX skills_org_id_idx ON skills (org_id);
CREATE INDEX skills_created_at_idx ON skills (created_at);

-- workflows: multi-step orchestrations of agents and tools
CREATE TABLE workflows (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX workflows_org_id_idx ON workflows (org_id);
CREATE INDEX workflows_created_at_idx ON workflows (created_at);

-- environments: runtime environments (dev, staging, prod)
CREATE TABLE environments (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX environments_org_id_idx ON environments (org_id);
CREATE INDEX environments_created_at_idx ON environments (created_at);

-- tools: callable tools (HTTP, MCP, code)
CREATE TABLE tools (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX tools_org_id_idx ON tools (org_id);
CREATE INDEX tools_created_at_idx ON tools (created_at);

-- prompts: versioned prompt templates
CREATE TABLE prompts (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX prompts_org_id_idx ON prompts (org_id);
CREATE INDEX prompts_created_at_idx ON prompts (created_at);

-- datasets: evaluation and fine-tuning datasets
CREATE TABLE datasets (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX datasets_org_id_idx ON datasets (org_id);
CREATE INDEX datasets_created_at_idx ON datasets (created_at);

-- evaluations: evaluation runs over datasets
CREATE TABLE evaluations (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX evaluations_org_id_idx ON evaluations (org_id);
CREATE INDEX evaluations_created_at_idx ON evaluations (created_at);

-- deployments: agent/workflow deployments into environments
CREATE TABLE deployments (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX deployments_org_id_idx ON deployments (org_id);
CREATE INDEX deployments_created_at_idx ON deployments (created_at);

-- secrets: secret references (values live in the vault, not here)
CREATE TABLE secrets (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX secrets_org_id_idx ON secrets (org_id);
CREATE INDEX secrets_created_at_idx ON secrets (created_at);

-- connectors: connections to external systems
CREATE TABLE connectors (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX connectors_org_id_idx ON connectors (org_id);
CREATE INDEX connectors_created_at_idx ON connectors (created_at);

-- schedules: cron-style triggers for workflows
CREATE TABLE schedules (
    id text PRIMARY KEY,
    org_id text NOT NULL,
    owner_scope integer NOT NULL,
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
    UNIQUE (org_id, slug)
);
CREATE INDEX schedules_org_id_idx ON schedules (org_id);
CREATE INDEX schedules_created_at_idx ON schedules (created_at);

COMMIT;
