-- schemaparity migration plan: source -> target
-- source fingerprint 29c1bc48472c7fc2, target fingerprint 163f123fb29438e1
-- 4 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
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

-- ==== phase 1: prepare (3 steps) ====

-- step 1.enum.add_value:public.status
--   object: enum:public.status
--   lock: none
--   runs outside a transaction
SET lock_timeout = '5s';
SET statement_timeout = '0';
ALTER TYPE "public"."status" ADD VALUE IF NOT EXISTS 'review' AFTER 'draft';

-- step 1.enum.add_value:public.status#2
--   object: enum:public.status
--   lock: none
--   runs outside a transaction
SET lock_timeout = '5s';
SET statement_timeout = '0';
ALTER TYPE "public"."status" ADD VALUE IF NOT EXISTS 'deleted' AFTER 'archived';

-- step 1.enum.add_value:public.status#3
--   object: enum:public.status
--   lock: none
--   runs outside a transaction
SET lock_timeout = '5s';
SET statement_timeout = '0';
ALTER TYPE "public"."status" ADD VALUE IF NOT EXISTS 'purged' AFTER 'deleted';

-- ==== phase 2: create (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.column.set_default:public.post.status
--   object: column:public.post.status
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."post" ALTER COLUMN "status" SET DEFAULT 'review'::public.status;
COMMIT;
