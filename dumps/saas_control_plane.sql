-- Scenario 4: SaaS control plane designed with an ORM (Prisma-style migration).
--
-- Written the way `prisma migrate` emits it: quoted PascalCase enum names,
-- quoted camelCase columns, TIMESTAMP(3), constraint/index names
-- "<table>_pkey", "<table>_<col>_key", "<table>_<col>_idx", "<table>_<col>_fkey",
-- unique constraints as UNIQUE INDEXes, foreign keys added last with
-- ON UPDATE CASCADE.
--
-- The design document claims "12 enum types" and "54 indexes (15 PK, 25 FK,
-- 8 unique, 6 composite)", then lists 17 enums: this file builds what it lists
-- (`schemaparity stats` shows 17).  Enum values are the document's where it gives
-- them (UserRole, TenantStatus, TenantPlan, AgentRole, AgentStatus, ModelTier,
-- ThinkingMode, SkillCategory); for the other nine it gives only the count of
-- values, and these are filled to that count.  Columns follow its API types
-- (User: role, tenantId NULL for platform admins; Tenant: companyName,
-- adminEmail, status, plan, agentCount; Agent: role, status, modelTier,
-- thinkingMode, toolPolicy, lastActive; Skill: category, version,
-- compatibleRoles, permissions, rating, installCount) and its ten JSONB columns.
-- What this file really creates:
--   tables            15
--   enum types        17   (not 12: the document lists 17 and all are created)
--   JSONB columns     10
--   indexes           54 = 15 primary key
--                        + 25 single-column indexes on foreign-key columns
--                        +  8 unique (6 single-column, 2 composite)
--                        +  6 composite non-unique
--   foreign keys      28   (CASCADE or SET NULL on delete)
--     of which 3 have NO supporting index (not the leading column of any index):
--       team_members."invitedById", team_invites."invitedById",
--       alerts."acknowledgedById"
--   Redundant by design (Prisma @@index next to @@unique): team_members_tenantId_idx
--   is a prefix of team_members_tenantId_userId_key.
--
-- PostgreSQL >= 13 (gen_random_uuid() is built in); no extensions.

-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('platform_admin', 'tenant_admin', 'tenant_member');

-- CreateEnum
CREATE TYPE "TenantStatus" AS ENUM ('active', 'suspended', 'provisioning', 'failed');

-- CreateEnum
CREATE TYPE "TenantPlan" AS ENUM ('starter', 'growth', 'enterprise');

-- CreateEnum
CREATE TYPE "AgentRole" AS ENUM ('pm', 'engineering', 'operations', 'custom');

-- CreateEnum
CREATE TYPE "AgentStatus" AS ENUM ('active', 'idle', 'error', 'paused', 'provisioning');

-- CreateEnum
CREATE TYPE "ModelTier" AS ENUM ('haiku', 'sonnet', 'opus');

-- CreateEnum
CREATE TYPE "ThinkingMode" AS ENUM ('off', 'low', 'high');

-- CreateEnum
CREATE TYPE "SkillCategory" AS ENUM ('productivity', 'analytics', 'engineering', 'communication');

-- CreateEnum
CREATE TYPE "SkillStatus" AS ENUM ('draft', 'published', 'deprecated', 'archived');

-- CreateEnum
CREATE TYPE "ChannelType" AS ENUM ('web', 'slack', 'email');

-- CreateEnum
CREATE TYPE "ActivityType" AS ENUM ('message', 'tool_call', 'error');

-- CreateEnum
CREATE TYPE "AuditActorType" AS ENUM ('user', 'system', 'api_key');

-- CreateEnum
CREATE TYPE "AuditTargetType" AS ENUM ('tenant', 'user', 'agent', 'skill', 'api_key', 'team_member');

-- CreateEnum
CREATE TYPE "AuditSeverity" AS ENUM ('info', 'warning', 'critical');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('info', 'warning', 'critical');

-- CreateEnum
CREATE TYPE "HealthStatus" AS ENUM ('healthy', 'degraded', 'unhealthy');

-- CreateEnum
CREATE TYPE "InviteStatus" AS ENUM ('pending', 'accepted', 'expired', 'revoked');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "passwordHash" TEXT,
    "name" TEXT,
    "avatarUrl" TEXT,
    "role" "UserRole" NOT NULL DEFAULT 'tenant_member',
    "tenantId" UUID,
    "emailVerifiedAt" TIMESTAMP(3),
    "lastLoginAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "companyName" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "adminEmail" TEXT NOT NULL,
    "status" "TenantStatus" NOT NULL DEFAULT 'provisioning',
    "plan" "TenantPlan" NOT NULL DEFAULT 'starter',
    "agentCount" INTEGER NOT NULL DEFAULT 0,
    "ownerId" UUID,
    "modelDefaults" JSONB NOT NULL DEFAULT '{}',
    "resourceLimits" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agents" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "createdById" UUID,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "role" "AgentRole" NOT NULL DEFAULT 'custom',
    "status" "AgentStatus" NOT NULL DEFAULT 'provisioning',
    "modelTier" "ModelTier" NOT NULL DEFAULT 'sonnet',
    "thinkingMode" "ThinkingMode" NOT NULL DEFAULT 'off',
    "toolPolicy" JSONB NOT NULL DEFAULT '{}',
    "assistedUser" JSONB,
    "containerId" TEXT,
    "lastActive" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "agents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "skills" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID,
    "authorId" UUID,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "version" TEXT NOT NULL,
    "category" "SkillCategory" NOT NULL,
    "status" "SkillStatus" NOT NULL DEFAULT 'draft',
    "compatibleRoles" "AgentRole"[],
    "capabilities" JSONB NOT NULL DEFAULT '{}',
    "permissions" JSONB NOT NULL DEFAULT '[]',
    "rating" DOUBLE PRECISION,
    "installCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "skills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refresh_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userAgent" TEXT,
    "ipAddress" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "createdById" UUID,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_members" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "UserRole" NOT NULL DEFAULT 'tenant_member',
    "invitedById" UUID,
    "joinedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "team_members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_invites" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "invitedById" UUID,
    "email" TEXT NOT NULL,
    "role" "UserRole" NOT NULL DEFAULT 'tenant_member',
    "token" TEXT NOT NULL,
    "status" "InviteStatus" NOT NULL DEFAULT 'pending',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_invites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_channels" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agentId" UUID NOT NULL,
    "type" "ChannelType" NOT NULL,
    "name" TEXT NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "config" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "agent_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_activities" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agentId" UUID NOT NULL,
    "channelId" UUID,
    "userId" UUID,
    "type" "ActivityType" NOT NULL,
    "summary" TEXT,
    "details" JSONB,
    "durationMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_activities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_metrics" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agentId" UUID NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "unit" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "skill_installations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agentId" UUID NOT NULL,
    "skillId" UUID NOT NULL,
    "installedById" UUID,
    "version" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "config" JSONB NOT NULL DEFAULT '{}',
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "skill_installations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "container_health" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agentId" UUID NOT NULL,
    "containerId" TEXT NOT NULL,
    "status" "HealthStatus" NOT NULL,
    "cpuPercent" DOUBLE PRECISION,
    "memoryMb" INTEGER,
    "restartCount" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "container_health_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID NOT NULL,
    "agentId" UUID,
    "severity" "AlertSeverity" NOT NULL,
    "title" TEXT NOT NULL,
    "message" TEXT,
    "acknowledgedById" UUID,
    "acknowledgedAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenantId" UUID,
    "actorId" UUID,
    "actorType" "AuditActorType" NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" "AuditTargetType" NOT NULL,
    "targetId" TEXT,
    "severity" "AuditSeverity" NOT NULL DEFAULT 'info',
    "details" JSONB,
    "ipAddress" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex (unique, 8)
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
CREATE UNIQUE INDEX "tenants_slug_key" ON "tenants"("slug");
CREATE UNIQUE INDEX "skills_slug_key" ON "skills"("slug");
CREATE UNIQUE INDEX "refresh_tokens_tokenHash_key" ON "refresh_tokens"("tokenHash");
CREATE UNIQUE INDEX "api_keys_keyHash_key" ON "api_keys"("keyHash");
CREATE UNIQUE INDEX "team_invites_token_key" ON "team_invites"("token");
CREATE UNIQUE INDEX "team_members_tenantId_userId_key" ON "team_members"("tenantId", "userId");
CREATE UNIQUE INDEX "skill_installations_agentId_skillId_key" ON "skill_installations"("agentId", "skillId");

-- CreateIndex (foreign-key columns, 25)
CREATE INDEX "users_tenantId_idx" ON "users"("tenantId");
CREATE INDEX "tenants_ownerId_idx" ON "tenants"("ownerId");
CREATE INDEX "agents_tenantId_idx" ON "agents"("tenantId");
CREATE INDEX "agents_createdById_idx" ON "agents"("createdById");
CREATE INDEX "skills_tenantId_idx" ON "skills"("tenantId");
CREATE INDEX "skills_authorId_idx" ON "skills"("authorId");
CREATE INDEX "refresh_tokens_userId_idx" ON "refresh_tokens"("userId");
CREATE INDEX "api_keys_tenantId_idx" ON "api_keys"("tenantId");
CREATE INDEX "api_keys_createdById_idx" ON "api_keys"("createdById");
CREATE INDEX "team_members_tenantId_idx" ON "team_members"("tenantId");
CREATE INDEX "team_members_userId_idx" ON "team_members"("userId");
CREATE INDEX "team_invites_tenantId_idx" ON "team_invites"("tenantId");
CREATE INDEX "agent_channels_agentId_idx" ON "agent_channels"("agentId");
CREATE INDEX "agent_activities_agentId_idx" ON "agent_activities"("agentId");
CREATE INDEX "agent_activities_channelId_idx" ON "agent_activities"("channelId");
CREATE INDEX "agent_activities_userId_idx" ON "agent_activities"("userId");
CREATE INDEX "agent_metrics_agentId_idx" ON "agent_metrics"("agentId");
CREATE INDEX "skill_installations_agentId_idx" ON "skill_installations"("agentId");
CREATE INDEX "skill_installations_skillId_idx" ON "skill_installations"("skillId");
CREATE INDEX "skill_installations_installedById_idx" ON "skill_installations"("installedById");
CREATE INDEX "container_health_agentId_idx" ON "container_health"("agentId");
CREATE INDEX "alerts_tenantId_idx" ON "alerts"("tenantId");
CREATE INDEX "alerts_agentId_idx" ON "alerts"("agentId");
CREATE INDEX "audit_logs_tenantId_idx" ON "audit_logs"("tenantId");
CREATE INDEX "audit_logs_actorId_idx" ON "audit_logs"("actorId");

-- CreateIndex (composite, 6)
CREATE INDEX "agents_tenantId_status_idx" ON "agents"("tenantId", "status");
CREATE INDEX "agent_activities_agentId_createdAt_idx" ON "agent_activities"("agentId", "createdAt");
CREATE INDEX "agent_metrics_agentId_metric_recordedAt_idx" ON "agent_metrics"("agentId", "metric", "recordedAt");
CREATE INDEX "container_health_agentId_checkedAt_idx" ON "container_health"("agentId", "checkedAt");
CREATE INDEX "alerts_tenantId_resolvedAt_idx" ON "alerts"("tenantId", "resolvedAt");
CREATE INDEX "audit_logs_tenantId_createdAt_idx" ON "audit_logs"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agents" ADD CONSTRAINT "agents_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agents" ADD CONSTRAINT "agents_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skills" ADD CONSTRAINT "skills_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skills" ADD CONSTRAINT "skills_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey (no supporting index)
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_invites" ADD CONSTRAINT "team_invites_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey (no supporting index)
ALTER TABLE "team_invites" ADD CONSTRAINT "team_invites_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_channels" ADD CONSTRAINT "agent_channels_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_activities" ADD CONSTRAINT "agent_activities_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_activities" ADD CONSTRAINT "agent_activities_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "agent_channels"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_activities" ADD CONSTRAINT "agent_activities_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_metrics" ADD CONSTRAINT "agent_metrics_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skill_installations" ADD CONSTRAINT "skill_installations_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skill_installations" ADD CONSTRAINT "skill_installations_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "skills"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skill_installations" ADD CONSTRAINT "skill_installations_installedById_fkey" FOREIGN KEY ("installedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "container_health" ADD CONSTRAINT "container_health_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey (no supporting index)
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledgedById_fkey" FOREIGN KEY ("acknowledgedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
