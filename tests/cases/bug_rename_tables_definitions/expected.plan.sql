-- schemaparity migration plan: source -> target
-- source fingerprint 07a63a6180925003, target fingerprint 46339aa0ca24a024
-- 4 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: access_exclusive_lock x1, table_rewrite x1, untrackable_dependency x1
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

-- ==== phase 1: prepare (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 1.table.rename:public.new_t
--   object: table:public.new_t
--   lock: ACCESS EXCLUSIVE
--   hazard untrackable_dependency: code naming the old table breaks
ALTER TABLE IF EXISTS "public"."old_t" RENAME TO "new_t";
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 1.view.drop:public.v
--   object: view:public.v
--   lock: ACCESS EXCLUSIVE
DROP VIEW IF EXISTS "public"."v";
COMMIT;

-- ==== phase 2: create (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 2.column.type:public.new_t.a
--   object: column:public.new_t.a
--   lock: ACCESS EXCLUSIVE
--   hazard table_rewrite: integer -> bigint (USING a cast; some casts are free, most rewrite)
--   hazard access_exclusive_lock: for the whole rewrite
ALTER TABLE "public"."new_t" ALTER COLUMN "a" TYPE bigint USING "a"::bigint;
COMMIT;

-- ==== phase 5: dependent (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 5.view.create:public.v
--   object: view:public.v
--   lock: ACCESS SHARE
CREATE OR REPLACE VIEW "public"."v" AS
SELECT a
   FROM public.new_t;
COMMIT;
