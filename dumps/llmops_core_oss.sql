-- Scenario 2: LLM-ops platform, CORE database, OPEN-SOURCE edition (OSS).
--
-- The state before convergence.  Compared with llmops_core_ee.sql:
--
--   EE-only objects (absent here, and meant to stay absent) - exactly four:
--     tables meters, subscriptions, organization_domains, organization_providers;
--     enum   meters_type.
--   Version table: alembic_version_oss here, alembic_version_ee there.
--
--   Drift on kept tables (to be fixed by the convergence plan):
--   * nullable here, NOT NULL in EE: api_keys.organization_id, api_keys.created_by
--   * no membership tables: organization_members, workspace_members and
--     project_members are EE-only until change 1 moves them here; the convergence
--     plan creates them and makes every user a member of the bootstrap
--     organization (slug 'oss-default'), its workspaces and their projects.
--   * missing tenant columns (EE has them NOT NULL, with FK and index):
--       projects.organization_id,
--       invitations.organization_id, invitations.workspace_id
--   * different column order: users is (id, email, username, uid, ...) here,
--     (id, uid, username, email, ...) in EE.
--   * 20 dead legacy tables, OSS only, to be dropped last (referrers first):
--       legacy_apps (-> users), legacy_bases, legacy_app_variants,
--       legacy_app_variant_revisions, legacy_environments,
--       legacy_environments_revisions, legacy_deployments, legacy_docker_images,
--       legacy_templates, legacy_testsets, legacy_evaluators_configs,
--       legacy_evaluations, legacy_evaluation_scenarios,
--       legacy_evaluation_aggregated_results, legacy_evaluation_scenario_results,
--       legacy_human_evaluations, legacy_human_evaluation_variants,
--       legacy_human_evaluation_scenarios, legacy_feedbacks, legacy_ids_mapping
--
--   EE's defects (two conflicting FKs on projects.organization_id, membership
--   tables without a unique (user, scope) pair) come with the plan: parity is not
--   a fix.
--
-- PostgreSQL >= 13 (gen_random_uuid() is built in); no extensions.

BEGIN;

-- ---------------------------------------------------------------- enums

CREATE TYPE organization_type AS ENUM ('personal', 'team');
CREATE TYPE workspace_type AS ENUM ('default', 'shared');
CREATE TYPE member_role AS ENUM ('owner', 'admin', 'editor', 'viewer');

-- ---------------------------------------------------------------- identity

-- Drift: column order differs from EE (email and uid swapped).
CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL UNIQUE,
    username text NOT NULL,
    uid text NOT NULL UNIQUE,               -- id at the auth provider
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

-- Drift: no organization_id (EE: NOT NULL, FK, index); derive it via workspace.
CREATE TABLE projects (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    project_name text NOT NULL,
    description text,
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
);
CREATE INDEX projects_workspace_id_idx ON projects (workspace_id);

-- Drift: organization_id and created_by are nullable here (NOT NULL in EE).
CREATE TABLE api_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    prefix text NOT NULL UNIQUE,
    hashed_key text NOT NULL,
    organization_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
    project_id uuid REFERENCES projects (id) ON DELETE CASCADE,
    created_by uuid REFERENCES users (id) ON DELETE CASCADE,
    rate_limit integer NOT NULL DEFAULT 0,
    hidden boolean NOT NULL DEFAULT false,
    expiration_date timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
);
CREATE INDEX api_keys_organization_id_idx ON api_keys (organization_id);
CREATE INDEX api_keys_created_by_idx ON api_keys (created_by);

-- Drift: no organization_id / workspace_id (EE: NOT NULL, FK, index each).
CREATE TABLE invitations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token text NOT NULL UNIQUE,
    email text NOT NULL,
    project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role member_role NOT NULL DEFAULT 'viewer',
    used boolean NOT NULL DEFAULT false,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
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

-- ---------------------------------------------------------------- bootstrap
-- What every OSS install holds: its one organization (slug 'oss-default', the
-- legacy slug of the bootstrap org), owned by the first user, with one workspace
-- and one default project.
INSERT INTO users (id, uid, username, email)
    VALUES ('00000000-0000-4000-8000-000000000001', 'oss-admin', 'admin', 'admin@localhost');
INSERT INTO organizations (id, slug, name, type, owner_id)
    VALUES ('00000000-0000-4000-8000-000000000002', 'oss-default', 'Default', 'team',
            '00000000-0000-4000-8000-000000000001');
INSERT INTO workspaces (id, organization_id, name)
    VALUES ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002',
            'Default');
INSERT INTO projects (id, workspace_id, project_name, is_default)
    VALUES ('00000000-0000-4000-8000-000000000004', '00000000-0000-4000-8000-000000000003',
            'Default', true);

-- ---------------------------------------------------------------- legacy (OSS only)
-- Pre-workspace data model, no longer read or written.  Dropped last by the
-- convergence plan, referencing tables before referenced ones.
-- Only legacy_apps references a live table (users).

CREATE TABLE legacy_apps (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_name text NOT NULL,
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz
);

CREATE TABLE legacy_docker_images (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    docker_id text NOT NULL,
    tags text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_templates (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL UNIQUE,
    title text,
    description text,
    digest text,
    size integer,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_bases (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id uuid REFERENCES legacy_apps (id) ON DELETE CASCADE,
    base_name text,
    image_id uuid REFERENCES legacy_docker_images (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_app_variants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id uuid REFERENCES legacy_apps (id) ON DELETE CASCADE,
    base_id uuid REFERENCES legacy_bases (id) ON DELETE CASCADE,
    variant_name text,
    revision integer,
    config_parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
    is_deleted boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_app_variant_revisions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    variant_id uuid REFERENCES legacy_app_variants (id) ON DELETE CASCADE,
    revision integer NOT NULL,
    config_parameters jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_environments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id uuid REFERENCES legacy_apps (id) ON DELETE CASCADE,
    name text,
    revision integer,
    deployed_app_variant_id uuid REFERENCES legacy_app_variants (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_environments_revisions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    environment_id uuid REFERENCES legacy_environments (id) ON DELETE CASCADE,
    revision integer,
    deployed_app_variant_revision_id uuid
        REFERENCES legacy_app_variant_revisions (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_deployments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id uuid REFERENCES legacy_apps (id) ON DELETE CASCADE,
    container_name text,
    uri text,
    status text NOT NULL DEFAULT 'unknown',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_testsets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id uuid REFERENCES legacy_apps (id) ON DELETE CASCADE,
    name text,
    csvdata jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_evaluators_configs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id uuid REFERENCES legacy_apps (id) ON DELETE CASCADE,
    name text,
    evaluator_key text,
    settings_values jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_evaluations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id uuid REFERENCES legacy_apps (id) ON DELETE CASCADE,
    testset_id uuid REFERENCES legacy_testsets (id) ON DELETE SET NULL,
    variant_id uuid REFERENCES legacy_app_variants (id) ON DELETE SET NULL,
    status jsonb,
    average_cost jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_evaluation_scenarios (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    evaluation_id uuid REFERENCES legacy_evaluations (id) ON DELETE CASCADE,
    inputs jsonb,
    outputs jsonb,
    correct_answer text,
    is_pinned boolean,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_evaluation_aggregated_results (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    evaluation_id uuid REFERENCES legacy_evaluations (id) ON DELETE CASCADE,
    evaluator_config_id uuid REFERENCES legacy_evaluators_configs (id) ON DELETE SET NULL,
    result jsonb
);

CREATE TABLE legacy_evaluation_scenario_results (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    evaluation_scenario_id uuid
        REFERENCES legacy_evaluation_scenarios (id) ON DELETE CASCADE,
    evaluator_config_id uuid REFERENCES legacy_evaluators_configs (id) ON DELETE SET NULL,
    result jsonb
);

CREATE TABLE legacy_human_evaluations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id uuid REFERENCES legacy_apps (id) ON DELETE CASCADE,
    testset_id uuid REFERENCES legacy_testsets (id) ON DELETE SET NULL,
    status text,
    evaluation_type text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_human_evaluation_variants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    human_evaluation_id uuid REFERENCES legacy_human_evaluations (id) ON DELETE CASCADE,
    variant_id uuid REFERENCES legacy_app_variants (id) ON DELETE SET NULL,
    variant_revision_id uuid REFERENCES legacy_app_variant_revisions (id) ON DELETE SET NULL
);

CREATE TABLE legacy_human_evaluation_scenarios (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    evaluation_id uuid REFERENCES legacy_human_evaluations (id) ON DELETE CASCADE,
    inputs jsonb,
    outputs jsonb,
    vote text,
    score text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_feedbacks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    feedback text,
    score double precision,
    meta jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legacy_ids_mapping (
    table_name text NOT NULL,
    objectid text NOT NULL,
    uuid uuid NOT NULL,
    PRIMARY KEY (table_name, objectid)
);

-- ---------------------------------------------------------------- migration bookkeeping

CREATE TABLE alembic_version_oss (
    version_num varchar(32) PRIMARY KEY
);
INSERT INTO alembic_version_oss (version_num) VALUES ('5d8e1b6a3c92');

COMMIT;
