-- schemaparity migration plan: source -> target
-- source fingerprint e4fd06334da8a78f, target fingerprint 4d37ef2c0e9bbb34
-- 2 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: deletes_data x1
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

-- ==== phase 2: create (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.column.add:public.t.naïve
--   object: column:public.t.naïve
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."t" ADD COLUMN IF NOT EXISTS "naïve" boolean DEFAULT false NOT NULL;
COMMIT;

-- ==== phase 6: contract (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 6.column.drop:public.t.select
--   object: column:public.t.select
--   lock: ACCESS EXCLUSIVE
--   hazard deletes_data: column select and its values are gone
ALTER TABLE "public"."t" DROP COLUMN IF EXISTS "select";
COMMIT;
