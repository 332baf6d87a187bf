-- schemaparity migration plan: source -> target
-- source fingerprint ca486695dc04162f, target fingerprint 50a8879a9cb5f93e
-- 1 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: authz_change x1
--
-- expand -> deploy -> contract:
--   phase 0 (precheck) only reads: it stops the plan, before any change, on rows the
--   new keys, CHECKs, NOT NULLs, narrowed types or partition bounds would refuse, naming
--   counts and keys.
--   phases 1-2 (prepare, create) only add: the running application keeps working.
--   Before phase 3, deploy the version that writes the new columns and keeps the new
--   CHECK and foreign keys: from phase 3 on they hold for every row written.
--   Phase 6 (contract) drops: run it once no running version reads what it drops.
-- Each step that blocks writers commits alone under lock_timeout; a timeout stops the
-- plan at that step, nothing after it has run; every step checks the catalog first, so
-- the same file run again after a failure completes it. Check by hand: the backfill
-- rules, and long transactions that would make a step wait for its lock
-- (pg_stat_activity).

\set ON_ERROR_STOP on

-- ==== phase 5: dependent (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.table.rls_enabled:public.docs
--   object: table:public.docs
--   lock: ACCESS EXCLUSIVE
--   hazard authz_change: row-level security changes who sees rows
ALTER TABLE "public"."docs" ENABLE ROW LEVEL SECURITY;
COMMIT;
