-- schemaparity migration plan: source -> target
-- source fingerprint a73d4161b9c4c371, target fingerprint b6e65c7df47e25b5
-- 2 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: authz_change x2
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

-- ==== phase 5: dependent (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.policy.drop:public.docs.docs_read
--   object: policy:public.docs.docs_read
--   lock: ACCESS EXCLUSIVE
--   hazard authz_change: policies decide which rows each role sees
DROP POLICY IF EXISTS "docs_read" ON "public"."docs";
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.policy.create:public.docs.docs_read
--   object: policy:public.docs.docs_read
--   lock: ACCESS EXCLUSIVE
--   hazard authz_change: policies decide which rows each role sees
DO $guard$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_policy WHERE polrelid = '"public"."docs"'::pg_catalog.regclass AND polname = 'docs_read') THEN
        CREATE POLICY "docs_read" ON "public"."docs"
    AS PERMISSIVE FOR SELECT
    TO PUBLIC
    USING ((public OR (owner_name = CURRENT_USER)));
    END IF;
END $guard$;
COMMIT;
