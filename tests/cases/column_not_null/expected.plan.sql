-- schemaparity migration plan: source -> target
-- source fingerprint 57a8923e82e2cc87, target fingerprint 65db8eea54922267
-- 5 steps; run with: psql -v ON_ERROR_STOP=1 -f FILE
-- hazards: full_table_scan x2, needs_backfill x1
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

-- step 2.column.drop_not_null:public.t.b
--   object: column:public.t.b
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."t" ALTER COLUMN "b" DROP NOT NULL;
COMMIT;

-- ==== phase 3: backfill (1 steps) ====

-- step 3.column.backfill:public.t.a
--   object: column:public.t.a
--   lock: ROW EXCLUSIVE
--   runs outside a transaction
--   hazard needs_backfill: rows get a = 0
--   hazard full_table_scan: public.t has no primary key to batch by: one UPDATE holds its row locks to the end
SET lock_timeout = '5s';
SET statement_timeout = '0';
DO $backfill$
DECLARE
    left_null bigint;
BEGIN
    UPDATE "public"."t" AS t
       SET "a" = (0)
     WHERE t."a" IS NULL;
    SELECT count(*) INTO left_null FROM "public"."t" WHERE "a" IS NULL;
    IF left_null > 0 THEN
        RAISE EXCEPTION 'backfill of % left % row(s) NULL: the rule found no value for them', 'a', left_null;
    END IF;
END
$backfill$;

-- ==== phase 4: constrain (3 steps) ====

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.column.not_null_check:public.t.a
--   object: column:public.t.a
--   lock: ACCESS EXCLUSIVE
DO $guard$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = '"public"."t"'::pg_catalog.regclass AND conname = 't_a_not_null_sp') THEN
        ALTER TABLE "public"."t" ADD CONSTRAINT "t_a_not_null_sp" CHECK ("a" IS NOT NULL) NOT VALID;
    END IF;
END $guard$;
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.column.validate_not_null:public.t.a
--   object: column:public.t.a
--   lock: SHARE UPDATE EXCLUSIVE
--   hazard full_table_scan: VALIDATE reads every row under SHARE UPDATE EXCLUSIVE (writes go on)
ALTER TABLE "public"."t" VALIDATE CONSTRAINT "t_a_not_null_sp";
COMMIT;

BEGIN;
SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '0';

-- step 4.column.set_not_null:public.t.a
--   object: column:public.t.a
--   lock: ACCESS EXCLUSIVE
ALTER TABLE "public"."t" ALTER COLUMN "a" SET NOT NULL;
ALTER TABLE "public"."t" DROP CONSTRAINT IF EXISTS "t_a_not_null_sp";
COMMIT;
