-- Scenario 3: multi-tenant agent API with row-level security.
--
-- Extensions: uuid-ossp (uuid_generate_v4), pgcrypto (pgp_sym_encrypt/decrypt, digest).
-- Enums:      user_role, mcp_type, auth_type, prompt_scope.
-- Tables (7): organizations, users, user_sessions, mcp_configurations,
--             mcp_oauth_tokens, system_prompts, audit_logs.
-- RLS is ENABLED on all seven tables.  Policies are written for PUBLIC (no TO
-- clause) and read the caller's identity from session settings the API sets
-- per request (the schema README: "Configure RLS by setting app.user_id"):
--     SET app.user_id = '<uuid>';
-- The caller's organization is the one of that user (current_org_id()).
-- current_setting(..., true) returns NULL when unset, so an unauthenticated
-- session sees nothing.
-- Functions:  update_updated_at_column, encrypt_token, decrypt_token,
--             log_audit_event, cleanup_expired_sessions,
--             get_effective_system_prompts, plus helpers current_org_id,
--             is_org_admin, audit_row_change, forbid_audit_log_change.
-- Views (2):  active_user_sessions, effective_mcp_configurations.
-- Triggers:   updated_at on 5 tables, audit on 3 tables, append-only guard on
--             audit_logs.

BEGIN;

CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- ---------------------------------------------------------------- enums

CREATE TYPE user_role AS ENUM ('admin', 'user');
CREATE TYPE mcp_type AS ENUM ('http', 'sse', 'stdio');
CREATE TYPE auth_type AS ENUM ('none', 'bearer', 'oauth');
CREATE TYPE prompt_scope AS ENUM ('global', 'organization', 'user');

-- ---------------------------------------------------------------- tables

CREATE TABLE organizations (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    name text NOT NULL,
    slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email text NOT NULL,
    display_name text,
    role user_role NOT NULL DEFAULT 'user',
    is_active boolean NOT NULL DEFAULT true,
    last_login_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, email),
    CONSTRAINT users_email_check
        CHECK (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
    -- Target of the composite FK from user_sessions.
    CONSTRAINT users_id_organization_id_key UNIQUE (id, organization_id)
);

CREATE TABLE user_sessions (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    user_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    ip_address inet,
    user_agent text,
    workspace_path text NOT NULL,           -- each session works in its own workspace
    system_prompt_override text,
    expires_at timestamptz,                 -- NULL: does not expire
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    -- The session's user must belong to the session's organization.
    CONSTRAINT user_sessions_user_org_fkey FOREIGN KEY (user_id, organization_id)
        REFERENCES users (id, organization_id) ON DELETE CASCADE,
    CONSTRAINT user_sessions_workspace_path_key UNIQUE (workspace_path),
    CONSTRAINT user_sessions_expiry_check CHECK (expires_at > created_at)
);
CREATE INDEX user_sessions_user_id_organization_id_idx ON user_sessions (user_id, organization_id);
CREATE INDEX user_sessions_expires_at_idx ON user_sessions (expires_at);

CREATE TABLE mcp_configurations (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    -- NULL: shared with the whole organization; otherwise private to that user.
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL,
    type mcp_type NOT NULL,
    url text,
    command text,
    args jsonb NOT NULL DEFAULT '[]'::jsonb,
    env jsonb NOT NULL DEFAULT '{}'::jsonb,
    auth_type auth_type NOT NULL DEFAULT 'none',
    encrypted_token bytea,
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, name),
    -- Network transports need a URL, stdio needs a command; never both.
    CONSTRAINT mcp_configurations_transport_check CHECK (
        (type IN ('http', 'sse') AND url IS NOT NULL AND command IS NULL)
        OR (type = 'stdio' AND command IS NOT NULL AND url IS NULL)
    ),
    -- stdio servers run locally and carry no credentials.
    CONSTRAINT mcp_configurations_stdio_auth_check CHECK (type <> 'stdio' OR auth_type = 'none'),
    -- A bearer token is stored encrypted here; oauth tokens live in mcp_oauth_tokens.
    CONSTRAINT mcp_configurations_token_check CHECK (
        (auth_type = 'bearer' AND encrypted_token IS NOT NULL)
        OR (auth_type <> 'bearer' AND encrypted_token IS NULL)
    )
);
CREATE INDEX mcp_configurations_user_id_idx ON mcp_configurations (user_id);

CREATE TABLE mcp_oauth_tokens (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    mcp_configuration_id uuid NOT NULL REFERENCES mcp_configurations (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    encrypted_access_token bytea NOT NULL,
    encrypted_refresh_token bytea,
    token_type text NOT NULL DEFAULT 'Bearer',
    scope text,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (mcp_configuration_id, user_id)
);
CREATE INDEX mcp_oauth_tokens_user_id_idx ON mcp_oauth_tokens (user_id);

CREATE TABLE system_prompts (
    id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
    scope prompt_scope NOT NULL,
    organization_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
    user_id uuid REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL,
    content text NOT NULL,
    priority integer NOT NULL DEFAULT 0,
    is_template boolean NOT NULL DEFAULT false,
    template_variables jsonb,
    enabled boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- The owner columns must match the scope.
    CONSTRAINT system_prompts_scope_check CHECK (
        (scope = 'global' AND organization_id IS NULL AND user_id IS NULL)
        OR (scope = 'organization' AND organization_id IS NOT NULL AND user_id IS NULL)
        OR (scope = 'user' AND organization_id IS NOT NULL AND user_id IS NOT NULL)
    ),
    CONSTRAINT system_prompts_priority_check CHECK (priority BETWEEN -1000 AND 1000)
);
CREATE INDEX system_prompts_organization_id_idx ON system_prompts (organization_id);
CREATE INDEX system_prompts_user_id_idx ON system_prompts (user_id);
CREATE INDEX system_prompts_enabled_priority_idx ON system_prompts (scope, priority DESC)
    WHERE enabled;

-- Append-only: no UPDATE/DELETE policy, and a trigger rejects changes even
-- from roles that bypass RLS.  No FKs, so entries outlive what they describe.
CREATE TABLE audit_logs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id uuid,
    user_id uuid,
    action text NOT NULL,
    resource_type text NOT NULL,
    resource_id text,
    details jsonb NOT NULL DEFAULT '{}'::jsonb,
    ip_address inet,
    user_agent text,
    success boolean NOT NULL DEFAULT true,
    error_message text,
    "timestamp" timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_logs_organization_id_timestamp_idx ON audit_logs (organization_id, "timestamp" DESC);
CREATE INDEX audit_logs_user_id_idx ON audit_logs (user_id);
CREATE INDEX audit_logs_resource_idx ON audit_logs (resource_type, resource_id);

-- ---------------------------------------------------------------- functions

CREATE FUNCTION update_updated_at_column() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE FUNCTION encrypt_token(token text, key text) RETURNS bytea
LANGUAGE sql STRICT AS $$
    SELECT pgp_sym_encrypt(token, key, 'cipher-algo=aes256')
$$;

CREATE FUNCTION decrypt_token(encrypted_token bytea, key text) RETURNS text
LANGUAGE sql STRICT AS $$
    SELECT pgp_sym_decrypt(encrypted_token, key)
$$;

-- The organization of the user named by app.user_id; runs as the owner so the
-- policies on users do not recurse into themselves.
CREATE FUNCTION current_org_id() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT u.organization_id FROM users u
    WHERE u.id = current_setting('app.user_id', true)::uuid AND u.is_active
$$;

-- Runs as the owner so policies on users do not recurse into themselves.
CREATE FUNCTION is_org_admin(org_id uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM users u
        WHERE u.id = current_setting('app.user_id', true)::uuid
          AND u.organization_id = org_id
          AND u.role = 'admin'
          AND u.is_active
    )
$$;

CREATE FUNCTION log_audit_event(
    p_user_id uuid,
    p_organization_id uuid,
    p_action text,
    p_resource_type text,
    p_resource_id text,
    p_details jsonb DEFAULT '{}'::jsonb,
    p_ip_address inet DEFAULT NULL,
    p_user_agent text DEFAULT NULL,
    p_success boolean DEFAULT true,
    p_error_message text DEFAULT NULL
) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    new_id bigint;
BEGIN
    INSERT INTO audit_logs (user_id, organization_id, action, resource_type, resource_id,
                            details, ip_address, user_agent, success, error_message)
    VALUES (p_user_id, p_organization_id, p_action, p_resource_type, p_resource_id,
            coalesce(p_details, '{}'::jsonb), p_ip_address, p_user_agent, p_success,
            p_error_message)
    RETURNING id INTO new_id;
    RETURN new_id;
END;
$$;

-- Generic AFTER ROW trigger: records INSERT/UPDATE/DELETE of the row's id.
CREATE FUNCTION audit_row_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    rec record;
BEGIN
    IF TG_OP = 'DELETE' THEN rec := OLD; ELSE rec := NEW; END IF;
    PERFORM log_audit_event(current_setting('app.user_id', true)::uuid, current_org_id(),
                            TG_OP, TG_TABLE_NAME, rec.id::text,
                            jsonb_build_object('schema', TG_TABLE_SCHEMA));
    RETURN NULL;
END;
$$;

CREATE FUNCTION forbid_audit_log_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only (% rejected)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE FUNCTION cleanup_expired_sessions() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    removed integer;
BEGIN
    DELETE FROM user_sessions WHERE expires_at IS NOT NULL AND expires_at < now();
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END;
$$;

-- Prompts that apply to a user: enabled global, organization and user prompts,
-- highest priority first; on equal priority the narrower scope wins.
CREATE FUNCTION get_effective_system_prompts(p_user_id uuid, p_organization_id uuid)
RETURNS TABLE (id uuid, scope prompt_scope, name text, content text, priority integer,
               is_template boolean)
LANGUAGE sql STABLE AS $$
    SELECT sp.id, sp.scope, sp.name, sp.content, sp.priority, sp.is_template
    FROM system_prompts sp
    WHERE sp.enabled
      AND (sp.scope = 'global'
           OR (sp.scope = 'organization' AND sp.organization_id = p_organization_id)
           OR (sp.scope = 'user' AND sp.user_id = p_user_id
               AND sp.organization_id = p_organization_id))
    ORDER BY sp.priority DESC, sp.scope DESC, sp.name
$$;

-- ---------------------------------------------------------------- triggers

CREATE TRIGGER organizations_set_updated_at BEFORE UPDATE ON organizations
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER mcp_configurations_set_updated_at BEFORE UPDATE ON mcp_configurations
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER mcp_oauth_tokens_set_updated_at BEFORE UPDATE ON mcp_oauth_tokens
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER system_prompts_set_updated_at BEFORE UPDATE ON system_prompts
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

CREATE TRIGGER users_audit AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER mcp_configurations_audit AFTER INSERT OR UPDATE OR DELETE ON mcp_configurations
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER system_prompts_audit AFTER INSERT OR UPDATE OR DELETE ON system_prompts
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();

CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION forbid_audit_log_change();

-- ---------------------------------------------------------------- views
-- security_invoker: the caller's RLS policies apply through the view.

CREATE VIEW active_user_sessions WITH (security_invoker = true) AS
    SELECT s.id, s.user_id, s.organization_id, u.email, s.workspace_path, s.ip_address,
           s.created_at, s.last_seen_at, s.expires_at
    FROM user_sessions s
    JOIN users u ON u.id = s.user_id AND u.organization_id = s.organization_id
    WHERE s.expires_at IS NULL OR s.expires_at > now();

-- Enabled MCP configurations with their organization and user, without the
-- encrypted credential.
CREATE VIEW effective_mcp_configurations WITH (security_invoker = true) AS
    SELECT c.id, c.organization_id, o.slug AS organization_slug, c.user_id,
           u.email AS user_email, c.name, c.type, c.url, c.command, c.auth_type,
           (c.encrypted_token IS NOT NULL) AS has_token, c.created_at, c.updated_at
    FROM mcp_configurations c
    JOIN organizations o ON o.id = c.organization_id
    LEFT JOIN users u ON u.id = c.user_id
    WHERE c.enabled;

-- ---------------------------------------------------------------- row-level security

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE mcp_configurations ENABLE ROW LEVEL SECURITY;
ALTER TABLE mcp_oauth_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE system_prompts ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;

-- organizations
CREATE POLICY organizations_member_read ON organizations FOR SELECT
    USING (id = current_org_id());
CREATE POLICY organizations_admin_update ON organizations FOR UPDATE
    USING (id = current_org_id() AND is_org_admin(id))
    WITH CHECK (id = current_org_id());

-- users
CREATE POLICY users_org_read ON users FOR SELECT
    USING (organization_id = current_org_id());
CREATE POLICY users_self_update ON users FOR UPDATE
    USING (id = current_setting('app.user_id', true)::uuid)
    WITH CHECK (id = current_setting('app.user_id', true)::uuid);
CREATE POLICY users_admin_manage ON users FOR ALL
    USING (organization_id = current_org_id()
           AND is_org_admin(organization_id))
    WITH CHECK (organization_id = current_org_id()
                AND is_org_admin(organization_id));

-- user_sessions: only your own
CREATE POLICY user_sessions_own ON user_sessions FOR ALL
    USING (user_id = current_setting('app.user_id', true)::uuid)
    WITH CHECK (user_id = current_setting('app.user_id', true)::uuid
                AND organization_id = current_org_id());

-- mcp_configurations
CREATE POLICY mcp_configurations_org_read ON mcp_configurations FOR SELECT
    USING (organization_id = current_org_id()
           AND (user_id IS NULL OR user_id = current_setting('app.user_id', true)::uuid));
CREATE POLICY mcp_configurations_admin_manage ON mcp_configurations FOR ALL
    USING (organization_id = current_org_id()
           AND is_org_admin(organization_id))
    WITH CHECK (organization_id = current_org_id()
                AND is_org_admin(organization_id));
CREATE POLICY mcp_configurations_own_manage ON mcp_configurations FOR ALL
    USING (user_id = current_setting('app.user_id', true)::uuid)
    WITH CHECK (user_id = current_setting('app.user_id', true)::uuid
                AND organization_id = current_org_id());

-- mcp_oauth_tokens: only your own
CREATE POLICY mcp_oauth_tokens_own ON mcp_oauth_tokens FOR ALL
    USING (user_id = current_setting('app.user_id', true)::uuid)
    WITH CHECK (user_id = current_setting('app.user_id', true)::uuid);

-- system_prompts
CREATE POLICY system_prompts_read ON system_prompts FOR SELECT
    USING (scope = 'global'
           OR (scope = 'organization'
               AND organization_id = current_org_id())
           OR (scope = 'user'
               AND user_id = current_setting('app.user_id', true)::uuid));
CREATE POLICY system_prompts_admin_manage ON system_prompts FOR ALL
    USING (scope = 'organization'
           AND organization_id = current_org_id()
           AND is_org_admin(organization_id))
    WITH CHECK (scope = 'organization'
                AND organization_id = current_org_id()
                AND is_org_admin(organization_id));
CREATE POLICY system_prompts_own_manage ON system_prompts FOR ALL
    USING (scope = 'user' AND user_id = current_setting('app.user_id', true)::uuid)
    WITH CHECK (scope = 'user'
                AND user_id = current_setting('app.user_id', true)::uuid
                AND organization_id = current_org_id());

-- audit_logs: insert-only for members; admins may read their organization's log
CREATE POLICY audit_logs_insert ON audit_logs FOR INSERT
    WITH CHECK (organization_id = current_org_id());
CREATE POLICY audit_logs_admin_read ON audit_logs FOR SELECT
    USING (organization_id = current_org_id()
           AND is_org_admin(organization_id));

-- ---------------------------------------------------------------- comments

COMMENT ON TABLE user_sessions IS
    'Login sessions; the composite FK guarantees the user belongs to the organization.';
COMMENT ON TABLE audit_logs IS 'Append-only audit trail (insert policy only, guarded by trigger).';
COMMENT ON COLUMN mcp_configurations.encrypted_token IS
    'Bearer token encrypted with encrypt_token(); never returned by effective_mcp_configurations.';
COMMENT ON COLUMN user_sessions.token_hash IS 'SHA-256 of the session token; the token itself is never stored.';
COMMENT ON COLUMN system_prompts.priority IS 'Higher runs first; ties go to the narrower scope.';
COMMENT ON FUNCTION encrypt_token(text, text) IS 'PGP symmetric encryption (AES-256) of an MCP credential.';
COMMENT ON FUNCTION get_effective_system_prompts(uuid, uuid) IS
    'Enabled prompts applying to a user in an organization, in execution order.';
COMMENT ON POLICY audit_logs_insert ON audit_logs IS
    'Members may append entries for their organization; no UPDATE/DELETE policy exists.';
COMMENT ON POLICY users_admin_manage ON users IS 'Admins manage the users of their organization.';

COMMIT;
