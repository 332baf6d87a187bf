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
--   * nullable in OSS, NOT NULL here: api_keys.organization_id, api_keys.created_by
--   * tenant columns missing in OSS (with their FKs and indexes):
--       projects.organization_id, invitations.organization_id,
--       invitations.workspace_id
--   * membership tables organization_members, workspace_members, project_members
--     exist only here (the assessment's change 1 moves them to OSS, every OSS user
--     becoming a member of the bootstrap organization, slug 'oss-default')
--   * column order differs on users (OSS: id, email, username, uid, ...)
--   * OSS additionally carries 20 dead legacy_* tables.
--
-- Known defects the assessment's review points out (lint must flag them):
--   * projects.organization_id has two foreign keys to organizations(id) with
--     conflicting actions (fk_projects_organization_id ON DELETE SET NULL and
--     projects_organization_id_fkey ON DELETE CASCADE).
--   * the membership tables have only surrogate id keys: user_id and the scope
--     column are nullable and no (user, scope) pair is unique.
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

-- Defect: two FKs on organization_id with conflicting ON DELETE actions; the
-- second was added by a later migration that forgot to drop the first.
CREATE TABLE projects (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid NOT NULL,
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    project_name text NOT NULL,
    description text,
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz,
    CONSTRAINT fk_projects_organization_id
        FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE SET NULL,
    CONSTRAINT projects_organization_id_fkey
        FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
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
-- EE only so far.  Defect: surrogate id keys only; user_id and the scope column
-- are nullable and no (user, scope) pair is unique.

CREATE TABLE organization_members (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    organization_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
    role varchar NOT NULL DEFAULT 'viewer',
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz,
    updated_by_id uuid
);
CREATE INDEX organization_members_organization_id_idx ON organization_members (organization_id);

CREATE TABLE workspace_members (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    workspace_id uuid REFERENCES workspaces (id) ON DELETE CASCADE,
    role varchar NOT NULL DEFAULT 'viewer',
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz,
    updated_by_id uuid
);
CREATE INDEX workspace_members_workspace_id_idx ON workspace_members (workspace_id);

CREATE TABLE project_members (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    project_id uuid REFERENCES projects (id) ON DELETE CASCADE,
    role varchar NOT NULL DEFAULT 'viewer',
    is_demo boolean DEFAULT false,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz,
    updated_by_id uuid
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

CREATE TABLE testsets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid REFERENCES projects (id) ON DELETE CASCADE,
    name text NOT NULL,
    csvdata jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
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
