-- schemaparity migration plan: source -> target
-- source fingerprint c0c32bdec660efa1, target fingerprint 5e48cd364c11a00d
-- 2 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: none
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

-- step 5.trigger.enable:public.t.t_a
--   object: trigger:public.t.t_a
--   lock: SHARE ROW EXCLUSIVE
ALTER TABLE "public"."t" DISABLE TRIGGER "t_a";
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.trigger.enable:public.t.t_b
--   object: trigger:public.t.t_b
--   lock: SHARE ROW EXCLUSIVE
ALTER TABLE "public"."t" ENABLE ALWAYS TRIGGER "t_b";
COMMIT;
