-- schemaparity migration plan: source -> target
-- source fingerprint e85970b87719926f, target fingerprint 012a33671ce7049a
-- 3 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: full_table_scan x1, share_lock x1
--
-- expand -> deploy -> contract:
--   phases 1-2 (prepare, create) only add: the running application keeps working.
--   Before phase 3, deploy the version that writes the new columns and keeps the new
--   CHECK and foreign keys: from phase 3 on they hold for every row written.
--   Phase 6 (contract) drops: run it once no running version reads what it drops.
-- Each step that blocks writers commits alone under lock_timeout; a timeout stops the
-- plan at that step, nothing after it has run. Check by hand: the backfill rules, rows
-- the new keys and CHECKs refuse (duplicates, NULLs, orphans), and long transactions
-- that would make a step wait for its lock (pg_stat_activity).

\set ON_ERROR_STOP on

-- ==== phase 3: backfill (1 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 3.constraint.add:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: SHARE ROW EXCLUSIVE
--   hazard share_lock: NOT VALID: only a brief lock; rows written from now on are checked, existing rows not yet
ALTER TABLE "public"."c" ADD CONSTRAINT "c_fk_sp_swap" FOREIGN KEY (pid) REFERENCES public.p(id) ON DELETE SET NULL NOT VALID;
COMMIT;

-- ==== phase 4: constrain (2 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.validate:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: SHARE UPDATE EXCLUSIVE
--   hazard full_table_scan: VALIDATE reads every row (SHARE UPDATE EXCLUSIVE: writes go on)
ALTER TABLE "public"."c" VALIDATE CONSTRAINT "c_fk_sp_swap";
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.constraint.swap:public.c.c_fk
--   object: constraint:public.c.c_fk
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."c" DROP CONSTRAINT "c_fk";
ALTER TABLE "public"."c" RENAME CONSTRAINT "c_fk_sp_swap" TO "c_fk";
COMMIT;
