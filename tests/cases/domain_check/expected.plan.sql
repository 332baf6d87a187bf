-- schemaparity migration plan: source -> target
-- source fingerprint 7471a65a97d02f48, target fingerprint 80cd69bfcaaefa9a
-- 5 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: full_table_scan x2
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

-- step 1.domain.drop_check:public.positive
--   object: domain:public.positive
--   lock: none
ALTER DOMAIN "public"."positive" DROP CONSTRAINT IF EXISTS "positive_check";
COMMIT;

-- ==== phase 4: constrain (4 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.domain.add_check:public.positive
--   object: domain:public.positive
--   lock: none
DO $guard$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE contypid = pg_catalog.to_regtype('"public"."positive"') AND conname = 'positive_check') THEN
        ALTER DOMAIN "public"."positive" ADD CONSTRAINT "positive_check" CHECK ((VALUE >= (0)::numeric)) NOT VALID;
    END IF;
END $guard$;

-- step 4.domain.add_check:public.user
--   object: domain:public.user
--   lock: none
DO $guard$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE contypid = pg_catalog.to_regtype('"public"."user"') AND conname = 'user_len') THEN
        ALTER DOMAIN "public"."user" ADD CONSTRAINT "user_len" CHECK ((length(VALUE) < 64)) NOT VALID;
    END IF;
END $guard$;

-- step 4.domain.validate_check:public.positive
--   object: domain:public.positive
--   lock: none
--   hazard full_table_scan: every column of the domain is checked
ALTER DOMAIN "public"."positive" VALIDATE CONSTRAINT "positive_check";

-- step 4.domain.validate_check:public.user
--   object: domain:public.user
--   lock: none
--   hazard full_table_scan: every column of the domain is checked
ALTER DOMAIN "public"."user" VALIDATE CONSTRAINT "user_len";
COMMIT;
