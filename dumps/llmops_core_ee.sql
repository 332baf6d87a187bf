-- Scenario 2: LLM-ops platform, CORE database, ENTERPRISE edition (EE).
--
-- This is the target shape.  The OSS core schema (llmops_core_oss.sql) must
-- converge to "this file minus exactly four EE-only objects":
--   tables  meters, subscriptions, organization_domains, organization_providers
--   enum    meters_type
-- The migration version table alembic_version_ee is edition bookkeeping
-- (OSS has alembic_version_oss instead); parity rules ignore or map it.
--
-- Intended differences of the OSS edition (drift the plan must fix):
--   * nullable in OSS, NOT NULL here:
--       api_keys.organization_id, api_keys.created_by,
--       organization_members.user_id, organization_members.organization_id,
--       workspace_members.user_id, workspace_members.workspace_id,
--       project_members.user_id, project_members.project_id
--   * UNIQUE (user, scope) pairs present here, missing in OSS:
--       organization_members_user_id_organization_id_key,
--       workspace_members_user_id_workspace_id_key,
--       project_members_user_id_project_id_key
--   * tenant columns missing in OSS (with their FKs and indexes):
--       projects.organization_id, invitations.organization_id,
--       invitations.workspace_id
--   * column order differs on users (OSS: id, email, username, uid, ...)
--   * OSS additionally carries 20 dead legacy_* tables.
--
-- Known defect, deliberately present in BOTH editions (lint must flag it):
--   testsets.project_id has two foreign keys to projects(id) with conflicting
--   actions (testsets_project_id_fkey ON DELETE SET NULL and
--   testsets_project_id_cascade_fkey ON DELETE CASCADE).
--
-- PostgreSQL >= 13 (gen_random_uuid() is built in); no extensions.

BEGIN;

-- ---------------------------------------------------------------- enums

CREATE TYPE organization_type AS ENUM ('personal', 'team');
CREATE TYPE workspace_type AS ENUM ('default', 'shared');
CREATE TYPE member_role AS ENUM ('owner', 'admin', 'editor', 'viewer');
-- EE-only: what a meter counts.
CREATE TYPE meters_type AS ENUM ('users', 'applications', 'evaluations', 'traces');

-- ---------------------------------------------------------------- identity

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    uid text NOT NULL UNIQUE,               -- id at the auth provider
    username text NOT NULL,
    email text NOT NULL UNIQUE,
    profile jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
);

CREATE TABLE organizations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug text UNIQUE,
    name text NOT NULL,
    description text,
    type organization_type NOT NULL DEFAULT 'personal',
    owner_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    flags jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
);
CREATE INDEX organizations_owner_id_idx ON organizations (owner_id);

CREATE TABLE workspaces (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name text NOT NULL,
    type workspace_type NOT NULL DEFAULT 'default',
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
);
CREATE INDEX workspaces_organization_id_idx ON workspaces (organization_id);

CREATE TABLE projects (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    project_name text NOT NULL,
    description text,
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
);
CREATE INDEX projects_organization_id_idx ON projects (organization_id);
CREATE INDEX projects_workspace_id_idx ON projects (workspace_id);

CREATE TABLE api_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    prefix text NOT NULL UNIQUE,
    hashed_key text NOT NULL,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    project_id uuid REFERENCES projects (id) ON DELETE CASCADE,
    created_by uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rate_limit integer NOT NULL DEFAULT 0,
    hidden boolean NOT NULL DEFAULT false,
    expiration_date timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
);
CREATE INDEX api_keys_organization_id_idx ON api_keys (organization_id);
CREATE INDEX api_keys_created_by_idx ON api_keys (created_by);

-- ---------------------------------------------------------------- membership
-- One row per (user, scope).  EE enforces NOT NULL and the unique pair.

CREATE TABLE organization_members (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role member_role NOT NULL DEFAULT 'viewer',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, organization_id)
);
CREATE INDEX organization_members_organization_id_idx ON organization_members (organization_id);

CREATE TABLE workspace_members (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    role member_role NOT NULL DEFAULT 'viewer',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, workspace_id)
);
CREATE INDEX workspace_members_workspace_id_idx ON workspace_members (workspace_id);

CREATE TABLE project_members (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role member_role NOT NULL DEFAULT 'viewer',
    is_demo boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, project_id)
);
CREATE INDEX project_members_project_id_idx ON project_members (project_id);

CREATE TABLE invitations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token text NOT NULL UNIQUE,
    email text NOT NULL,
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role member_role NOT NULL DEFAULT 'viewer',
    used boolean NOT NULL DEFAULT false,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invitations_organization_id_idx ON invitations (organization_id);
CREATE INDEX invitations_workspace_id_idx ON invitations (workspace_id);
CREATE INDEX invitations_project_id_idx ON invitations (project_id);

-- ---------------------------------------------------------------- data

-- Defect: two FKs on the same column with conflicting ON DELETE actions.
-- The second one was added by a later migration that forgot to drop the first.
CREATE TABLE testsets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid REFERENCES projects (id) ON DELETE SET NULL,
    name text NOT NULL,
    csvdata jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz,
    CONSTRAINT testsets_project_id_cascade_fkey
        FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX testsets_project_id_idx ON testsets (project_id);

-- ---------------------------------------------------------------- EE-only billing / SSO

CREATE TABLE meters (
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    key meters_type NOT NULL,
    year smallint NOT NULL DEFAULT 0,
    month smallint NOT NULL DEFAULT 0,
    value bigint NOT NULL DEFAULT 0,
    synced bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, key, year, month)
);
CREATE INDEX meters_synced_idx ON meters (organization_id) WHERE synced <> value;

CREATE TABLE subscriptions (
    organization_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    customer_id text,
    subscription_id text,
    plan text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    anchor smallint
);

CREATE TABLE organization_domains (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    domain text NOT NULL UNIQUE,
    token text,
    verified boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organization_domains_organization_id_idx ON organization_domains (organization_id);

CREATE TABLE organization_providers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    slug text NOT NULL,
    name text,
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    flags jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, slug)
);

-- ---------------------------------------------------------------- migration bookkeeping

CREATE TABLE alembic_version_ee (
    version_num varchar(32) PRIMARY KEY
);
INSERT INTO alembic_version_ee (version_num) VALUES ('0f3a9c2b7e41');

COMMIT;
