-- schemaparity migration plan: source -> target
-- source fingerprint 1d020be0d963bea0, target fingerprint a70d75cc9d91b1a6
-- 1 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: access_exclusive_lock x1, enum_value_change x1, table_rewrite x1
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

-- ==== phase 1: prepare (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 1.enum.swap:public.Priority
--   object: enum:public.Priority
--   lock: ACCESS EXCLUSIVE
--   hazard enum_value_change: values reordered: the type is swapped; rows holding a removed value make the cast fail
--   hazard table_rewrite: 0 column(s) are rewritten
--   hazard access_exclusive_lock: tables using the type are locked
DO $guard$ BEGIN
    IF pg_catalog.to_regtype('"public"."Priority__old"') IS NULL AND pg_catalog.to_regtype('"public"."Priority"') IS NOT NULL AND ARRAY(SELECT enumlabel::pg_catalog.text FROM pg_catalog.pg_enum WHERE enumtypid = pg_catalog.to_regtype('"public"."Priority"') ORDER BY enumsortorder) IS DISTINCT FROM ARRAY['high', 'medium', 'low']::pg_catalog.text[] THEN
        ALTER TYPE "public"."Priority" RENAME TO "Priority__old";
    END IF;
END $guard$;
DO $guard$ BEGIN
    IF pg_catalog.to_regtype('"public"."Priority"') IS NULL THEN
        CREATE TYPE "public"."Priority" AS ENUM ('high', 'medium', 'low');
    END IF;
END $guard$;
DROP TYPE IF EXISTS "public"."Priority__old";
COMMIT;
