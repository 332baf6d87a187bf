-- schemaparity migration plan: source -> target
-- source fingerprint ca486695dc04162f, target fingerprint 50a8879a9cb5f93e
-- 1 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: authz_change x1

\set ON_ERROR_STOP on

-- ==== phase 5: dependent (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.table.rls_enabled:public.docs
--   object: table:public.docs
--   hazard authz_change: row-level security changes who sees rows
ALTER TABLE "public"."docs" ENABLE ROW LEVEL SECURITY;
COMMIT;
